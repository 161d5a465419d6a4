<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/invitation.xsl: invites a new user to the organisation's portal.
  Input: <mail role=><org/><to/><inviter/><link days=>URL</link></mail> (lib/outbox.c)
  Strings: keys mail.invitation.* in l10n/LANG.xml.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../../site/branding.xsl"/>

  <xsl:template match="mail" mode="content">
    <xsl:call-template name="subject"><xsl:with-param name="key" select="'mail.invitation.subject'"/></xsl:call-template>
    <xsl:choose>
      <xsl:when test="inviter != ''">
        <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.invitation.intro'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.invitation.intro_anon'"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.invitation.what'"/></xsl:call-template>
    <xsl:if test="@role = 'admin' or @role = 'recruiter'">
      <xsl:call-template name="p"><xsl:with-param name="key" select="concat('mail.invitation.role_', @role)"/></xsl:call-template>
    </xsl:if>
    <button href="{link}"><xsl:value-of select="rp:t('mail.invitation.button')"/></button>
    <xsl:call-template name="p"><xsl:with-param name="key" select="'mail.invitation.expires'"/><xsl:with-param name="n" select="link/@days"/></xsl:call-template>
  </xsl:template>

</xsl:stylesheet>
