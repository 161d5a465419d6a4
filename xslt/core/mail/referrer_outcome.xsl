<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/referrer_outcome.xsl: tells the referrer about a green or red outcome (with points, if any).
  Input: <mail><org/><referrer/><candidate/><vacancy/><outcome milestone= key= color= points=/></mail> (lib/progress.c)
  Strings: keys mail.referrer_outcome.* in l10n/LANG.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../../site/branding.xsl"/>

  <xsl:template match="mail" mode="content">
    <xsl:choose>
      <xsl:when test="outcome/@color = 'red'">
        <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.referrer_outcome.subject_red'"/></xsl:call-template>
        <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_outcome.red'"/></xsl:call-template>
        <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_outcome.red_thanks'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.referrer_outcome.subject_green'"/></xsl:call-template>
        <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_outcome.green'"/></xsl:call-template>
        <xsl:if test="outcome/@points &gt; 0">
          <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_outcome.points'"/></xsl:call-template>
        </xsl:if>
        <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.referrer_outcome.next'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
