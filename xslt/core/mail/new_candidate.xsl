<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/new_candidate.xsl: tells a person set on the vacancy that a candidate registered.
  Input: <mail><org/><candidate id= email= phone= postcode=/><vacancy id= location=/><referrer id=/></mail> (lib/outbox.c)
  Strings: keys mail.new_candidate.* in l10n/LANG.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../../site/branding.xsl"/>

  <xsl:template match="mail" mode="content">
    <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.new_candidate.subject'"/></xsl:call-template>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.new_candidate.intro'"/></xsl:call-template>
    <xsl:if test="referrer != ''">
      <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.new_candidate.via'"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="candidate/@phone != ''">
      <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.new_candidate.phone'"/></xsl:call-template>
    </xsl:if>
    <xsl:if test="candidate/@email != ''">
      <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.new_candidate.email'"/></xsl:call-template>
    </xsl:if>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.new_candidate.hint'"/></xsl:call-template>
    <button href="{concat($mail-url, '/candidates/', candidate/@id)}">
      <xsl:value-of select="rp:t('mail.new_candidate.button')"/>
    </button>
  </xsl:template>

</xsl:stylesheet>
