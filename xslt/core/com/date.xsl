<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/date.xsl: dates for people.
  Template "date", param value: "YYYY-MM-DD" or "YYYY-MM-DD HH:MM" (as the
  page XML gives them).  Writes <time datetime="..."> with "24 Nov 2026"
  or "24 Nov 2026, 09:15" (rp:date(), lib/render.c: month names are
  catalogue keys month.1..12); datetime= is the value itself, as HTML
  reads a date and time with a space as it does with a "T".  Anything
  else is written as it is.
  Template "t-date", params key and value: a catalogue text with its
  {date} placeholder written by "date".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="date">
    <xsl:param name="value"/>
    <xsl:variable name="d" select="rp:date($value)"/>
    <xsl:choose>
      <xsl:when test="$d != ''">
        <time datetime="{normalize-space($value)}"><xsl:value-of select="$d"/></time>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="normalize-space($value)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text of catalogue key with its {date} written by "date" (so it
       stays a <time> element); for example key "due.on", "Due on {date}". -->
  <xsl:template name="t-date">
    <xsl:param name="key"/>
    <xsl:param name="value"/>
    <xsl:variable name="text" select="rp:t($key)"/>
    <xsl:choose>
      <xsl:when test="contains($text, '{date}')">
        <xsl:value-of select="substring-before($text, '{date}')"/>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$value"/></xsl:call-template>
        <xsl:value-of select="substring-after($text, '{date}')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="$text"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="date"><xsl:with-param name="value" select="$value"/></xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
