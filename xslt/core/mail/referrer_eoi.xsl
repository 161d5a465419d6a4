<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/referrer_eoi.xsl: tells the referrer that their friend registered.
  Input: <mail><org/><candidate id=/><vacancy id= location=/><referrer id=/></mail> (lib/outbox.c)
  Strings: keys mail.referrer_eoi.* in l10n/LANG.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../../site/branding.xsl"/>

  <xsl:template match="mail" mode="content">
    <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.referrer_eoi.subject'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_eoi.intro'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_eoi.next'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_eoi.thanks'"/></xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
