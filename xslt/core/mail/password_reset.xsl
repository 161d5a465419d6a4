<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/password_reset.xsl: a link that sets a new password.
  Input: <mail><to/><link minutes=>URL</link></mail> (lib/outbox.c)
  Strings: keys mail.password_reset.* in l10n/LANG.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../../site/branding.xsl"/>

  <xsl:template match="mail" mode="content">
    <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.password_reset.subject'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.password_reset.intro'"/></xsl:call-template>
    <button href="{link}"><xsl:value-of select="rp:t('mail.password_reset.button')"/></button>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.password_reset.expires'"/><xsl:with-param name="n" select="link/@minutes"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.password_reset.ignore'"/></xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
