<?xml version="1.0" encoding="UTF-8"?>
<!--
  candidates.xsl: the page "candidates" (live candidates).
  Thin: the list itself is com/candidate-list.xsl, shared with
  archive.xsl.  Input: <candidates> of docs/page-xml.md.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="candidates" mode="page">
    <xsl:call-template name="candidate-list"/>
  </xsl:template>

</xsl:stylesheet>
