<?xml version="1.0" encoding="UTF-8"?>
<!--
  site/branding.xsl: YOUR overrides of the look.  Upgrades never replace
  this file.  Every page imports core/layout.xsl first and this file
  second, so whatever you define here wins over the shipped defaults.

  What you can override:
    - any parameter of core/params.xsl (copy the xsl:param line here);
    - the hook templates of core/layout.xsl: "logo", "footer",
      "head-extra", "lang-switch", "page-title";
    - any template of core/com/*.xsl (copy it here and change it).
  Colours and other CSS go in site.css beside this file; images too
  (they are served under /static/site/).
  Strings (menu, labels) live in core/l10n/en.xml and nl.xml.

  After saving, reload a page.  If your edit has an error, the portal
  keeps using the last version that worked and shows administrators a
  banner with the file, the line and the message.  To see the XML a page
  is made from, add ?debug=xml to its address (administrators only).

  Remove the comment markers around an example to use it.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- Product name in the header and the browser tab:
  <xsl:param name="product-name" select="'Werving De Linde'"/>
  -->

  <!-- Colours: not here but in site.css beside this file (CSS custom
       properties such as accent and header-bg); the page loads it
       as /static/site/site.css after refportal.css.  To load another CSS
       file instead, or none:
  <xsl:param name="site-css" select="concat($static, '/site/theme.css')"/>
  -->

  <!-- A logo before the product name:
  <xsl:template name="logo">
    <img class="logo" src="{$static}/site/logo.svg" alt="" width="32" height="32"/>
  </xsl:template>
  -->

  <!-- A footer:
  <xsl:template name="footer">
    <p>Zorggroep De Linde · <a href="https://www.example.nl/privacy">Privacy</a></p>
  </xsl:template>
  -->

  <!-- Extra elements in <head>, for example a favicon:
  <xsl:template name="head-extra">
    <link rel="icon" href="{$static}/site/favicon.png"/>
  </xsl:template>
  -->

</xsl:stylesheet>
