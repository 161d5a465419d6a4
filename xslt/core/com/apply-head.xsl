<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/apply-head.xsl: the top of the public apply pages (apply,
  apply-thanks): the organisation, the vacancy, and the language switch
  as two links (?lang=nl, ?lang=en) that keep the share link's r=.
  Template "apply-head", context: <apply> or <apply-thanks> with @code,
  @r, <org/> and <vacancy><title/><location/><site/></vacancy>.
  Template "apply-url": the page's own URL with r= and lang=.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="apply-url">
    <xsl:param name="to-lang" select="$lang"/>
    <xsl:param name="suffix" select="''"/>
    <xsl:value-of select="concat($base, '/apply/', @code, $suffix, '?lang=', $to-lang)"/>
    <xsl:if test="@r != ''"><xsl:value-of select="concat('&amp;r=', @r)"/></xsl:if>
  </xsl:template>

  <xsl:template name="apply-head">
    <nav class="apply-lang" aria-label="{rp:t('user.language')}">
      <ul>
        <li>
          <a lang="nl" hreflang="nl">
            <xsl:attribute name="href">
              <xsl:call-template name="apply-url">
                <xsl:with-param name="to-lang" select="'nl'"/>
                <xsl:with-param name="suffix" select="substring('/thanks', 1, 7 * (local-name() = 'apply-thanks'))"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:if test="$lang = 'nl'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>
            <xsl:value-of select="rp:t('lang.nl')"/>
          </a>
        </li>
        <li>
          <a lang="en" hreflang="en">
            <xsl:attribute name="href">
              <xsl:call-template name="apply-url">
                <xsl:with-param name="to-lang" select="'en'"/>
                <xsl:with-param name="suffix" select="substring('/thanks', 1, 7 * (local-name() = 'apply-thanks'))"/>
              </xsl:call-template>
            </xsl:attribute>
            <xsl:if test="$lang = 'en'"><xsl:attribute name="aria-current">true</xsl:attribute></xsl:if>
            <xsl:value-of select="rp:t('lang.en')"/>
          </a>
        </li>
      </ul>
    </nav>
    <xsl:if test="org">
      <p class="apply-org"><xsl:value-of select="org"/></p>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="vacancy">
        <h1><xsl:value-of select="vacancy/title"/></h1>
        <xsl:if test="vacancy/location or vacancy/site">
          <p class="apply-where">
            <xsl:value-of select="vacancy/site"/>
            <xsl:if test="vacancy/site and vacancy/location"><xsl:text>, </xsl:text></xsl:if>
            <xsl:value-of select="vacancy/location"/>
          </p>
        </xsl:if>
      </xsl:when>
      <xsl:otherwise>
        <h1><xsl:value-of select="rp:t('apply.unknown_title')"/></h1>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
