<?xml version="1.0" encoding="UTF-8"?>
<!--
  apply-thanks.xsl: the public page "apply-thanks" after a friend's
  interest was received (the same page when they had sent it before).
  Input: <apply-thanks state="thanks" code= r=> with <org/> and
  <vacancy><title/>...</vacancy> (docs/page-xml.md).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="com/apply-head.xsl"/>
  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template name="page-title">
    <xsl:value-of select="rp:t('apply.thanks_title')"/>
  </xsl:template>

  <xsl:template match="apply-thanks" mode="page">
    <div class="apply" data-state="thanks">
      <xsl:call-template name="apply-head"/>
      <div class="apply-thanks flash flash-ok" role="status" data-flash="ok">
        <h2><xsl:value-of select="rp:t('apply.thanks_title')"/></h2>
        <p>
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'apply.thanks_text'"/>
            <xsl:with-param name="name" select="org"/>
          </xsl:call-template>
        </p>
        <p><xsl:value-of select="rp:t('apply.thanks_mail')"/></p>
      </div>
    </div>
  </xsl:template>

</xsl:stylesheet>
