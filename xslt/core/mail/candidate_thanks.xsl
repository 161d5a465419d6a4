<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/candidate_thanks.xsl: thanks the candidate for their interest and carries the privacy notice (DESIGN.md 6).
  Input: <mail><org/><candidate id=/><vacancy/><referrer/><privacy url= retention=/></mail>; privacy optional (lib/outbox.c)
  Strings: keys mail.candidate_thanks.* in l10n/LANG.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../../site/branding.xsl"/>

  <xsl:template match="mail" mode="content">
    <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.candidate_thanks.subject'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.candidate_thanks.intro'"/></xsl:call-template>
    <xsl:if test="referrer != ''">
      <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.candidate_thanks.via'"/></xsl:call-template>
    </xsl:if>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.candidate_thanks.next'"/></xsl:call-template>
    <!-- The privacy notice: a referred candidate did not give their data to us themselves. -->
    <xsl:call-template name="h"><xsl:with-param name="key" select="'mail.privacy.title'"/></xsl:call-template>
    <xsl:call-template name="small"><xsl:with-param name="key" select="'mail.privacy.what'"/></xsl:call-template>
    <xsl:call-template name="small"><xsl:with-param name="key" select="'mail.privacy.use'"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="privacy/@retention != ''">
        <xsl:call-template name="small"><xsl:with-param name="key" select="'mail.privacy.keep_for'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="small"><xsl:with-param name="key" select="'mail.privacy.keep'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="small"><xsl:with-param name="key" select="'mail.privacy.rights'"/></xsl:call-template>
    <xsl:if test="privacy/@url != ''">
      <link href="{privacy/@url}"><xsl:value-of select="rp:t('mail.privacy.link')"/></link>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
