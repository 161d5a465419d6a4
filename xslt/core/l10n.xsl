<?xml version="1.0" encoding="UTF-8"?>
<!--
  l10n.xsl: every visible string comes from a catalogue, l10n/LANG.xml
  (<l10n><s k="key">text</s>...</l10n>), looked up by key.  A key missing in
  the page's language falls back to English, then to the key itself.
  The lookup rp:t() is an XPath function of the programs (lib/render.c
  over lib/lang.c: the catalogues are parsed once per process and again
  when a file changes), in the language of the input's root @lang.

  Two ways to get a string:
    rp:t('nav.candidates')                          in any XPath expression
    <xsl:call-template name="t">                    with placeholders
      <xsl:with-param name="key" select="'pager.range'"/>
      <xsl:with-param name="from" select="@from"/>  replaces {from}
    </xsl:call-template>
  Placeholders: {n} {from} {to} {total} {name} {hours} {status}
  {referrer} {points} {date}; any other {x} is taken from the attribute
  named x in param "vars" (a node-set of attributes, e.g. a <flash>'s),
  else written as it is.
  Stylesheets that use rp:t declare xmlns:rp="urn:refportal" and
  exclude-result-prefixes="rp".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- The text of key in the page's language, placeholders filled in. -->
  <xsl:template name="t">
    <xsl:param name="key"/>
    <xsl:param name="n"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:param name="total"/>
    <xsl:param name="name"/>
    <xsl:param name="hours"/>
    <xsl:param name="status"/>
    <xsl:param name="referrer"/>
    <xsl:param name="points"/>
    <xsl:param name="date"/>
    <xsl:param name="vars" select="/.."/>
    <xsl:call-template name="t-fill">
      <xsl:with-param name="text" select="rp:t($key)"/>
      <xsl:with-param name="n" select="$n"/>
      <xsl:with-param name="from" select="$from"/>
      <xsl:with-param name="to" select="$to"/>
      <xsl:with-param name="total" select="$total"/>
      <xsl:with-param name="name" select="$name"/>
      <xsl:with-param name="hours" select="$hours"/>
      <xsl:with-param name="status" select="$status"/>
      <xsl:with-param name="referrer" select="$referrer"/>
      <xsl:with-param name="points" select="$points"/>
      <xsl:with-param name="date" select="$date"/>
      <xsl:with-param name="vars" select="$vars"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Write text with each {placeholder} replaced, left to right. -->
  <xsl:template name="t-fill">
    <xsl:param name="text"/>
    <xsl:param name="n"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:param name="total"/>
    <xsl:param name="name"/>
    <xsl:param name="hours"/>
    <xsl:param name="status"/>
    <xsl:param name="referrer"/>
    <xsl:param name="points"/>
    <xsl:param name="date"/>
    <xsl:param name="vars" select="/.."/>
    <xsl:variable name="rest" select="substring-after($text, '{')"/>
    <xsl:choose>
      <xsl:when test="contains($rest, '}')">
        <xsl:variable name="ph" select="substring-before($rest, '}')"/>
        <xsl:value-of select="substring-before($text, '{')"/>
        <xsl:choose>
          <xsl:when test="$ph = 'n'"><xsl:value-of select="$n"/></xsl:when>
          <xsl:when test="$ph = 'from'"><xsl:value-of select="$from"/></xsl:when>
          <xsl:when test="$ph = 'to'"><xsl:value-of select="$to"/></xsl:when>
          <xsl:when test="$ph = 'total'"><xsl:value-of select="$total"/></xsl:when>
          <xsl:when test="$ph = 'name'"><xsl:value-of select="$name"/></xsl:when>
          <xsl:when test="$ph = 'hours'"><xsl:value-of select="$hours"/></xsl:when>
          <xsl:when test="$ph = 'status'"><xsl:value-of select="$status"/></xsl:when>
          <xsl:when test="$ph = 'referrer'"><xsl:value-of select="$referrer"/></xsl:when>
          <xsl:when test="$ph = 'points'"><xsl:value-of select="$points"/></xsl:when>
          <xsl:when test="$ph = 'date'"><xsl:value-of select="$date"/></xsl:when>
          <xsl:when test="$vars[name() = $ph]"><xsl:value-of select="$vars[name() = $ph]"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat('{', $ph, '}')"/></xsl:otherwise>
        </xsl:choose>
        <!-- The rest: written as it is when it has no placeholder left. -->
        <xsl:variable name="tail" select="substring-after($rest, '}')"/>
        <xsl:choose>
          <xsl:when test="not(contains($tail, '{'))"><xsl:value-of select="$tail"/></xsl:when>
          <xsl:otherwise>
            <xsl:call-template name="t-fill">
              <xsl:with-param name="text" select="$tail"/>
              <xsl:with-param name="n" select="$n"/>
              <xsl:with-param name="from" select="$from"/>
              <xsl:with-param name="to" select="$to"/>
              <xsl:with-param name="total" select="$total"/>
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="hours" select="$hours"/>
              <xsl:with-param name="status" select="$status"/>
              <xsl:with-param name="referrer" select="$referrer"/>
              <xsl:with-param name="points" select="$points"/>
              <xsl:with-param name="date" select="$date"/>
              <xsl:with-param name="vars" select="$vars"/>
            </xsl:call-template>
          </xsl:otherwise>
        </xsl:choose>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
