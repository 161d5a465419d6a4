<?xml version="1.0" encoding="UTF-8"?>
<!--
  error.xsl: the error page (4xx/5xx).
  Input: <error status="404" key="error.not_found">optional detail</error>;
  key is a catalogue key, the detail is shown as text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <!-- The tab title is the message itself. -->
  <xsl:template name="page-title">
    <xsl:value-of select="rp:t(/page/error/@key)"/>
  </xsl:template>

  <xsl:template match="error" mode="page">
    <div class="error-page" data-status="{@status}">
      <h1><xsl:value-of select="rp:t(@key)"/></h1>
      <p class="status">
        <xsl:call-template name="t">
          <xsl:with-param name="key" select="'error.code'"/>
          <xsl:with-param name="status" select="@status"/>
        </xsl:call-template>
      </p>
      <xsl:if test="normalize-space(.) != ''">
        <p class="detail"><xsl:value-of select="."/></p>
      </xsl:if>
      <p>
        <xsl:choose>
          <xsl:when test="/page/user">
            <a href="{$base}/candidates"><xsl:value-of select="rp:t('error.back')"/></a>
          </xsl:when>
          <xsl:otherwise>
            <a href="{$base}/login"><xsl:value-of select="rp:t('error.login')"/></a>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </div>
  </xsl:template>

</xsl:stylesheet>
