<?xml version="1.0" encoding="UTF-8"?>
<!--
  l10n.xsl: every visible string comes from a catalogue, l10n/LANG.xml
  (<l10n><s k="key">text</s>...</l10n>), looked up by key.  A key missing in
  the page's language falls back to English, then to the key itself.

  Two ways to get a string:
    rp:t('nav.candidates')                          in any XPath expression
    <xsl:call-template name="t">                    with placeholders
      <xsl:with-param name="key" select="'pager.range'"/>
      <xsl:with-param name="from" select="@from"/>  replaces {from}
    </xsl:call-template>
  Placeholders: {n} {from} {to} {total} {name} {hours} {status}.
  Stylesheets that use rp:t declare xmlns:rp="urn:refportal" and
  exclude-result-prefixes="rp".
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    xmlns:func="http://exslt.org/functions"
    extension-element-prefixes="func"
    exclude-result-prefixes="rp func">

  <xsl:key name="l10n" match="s" use="@k"/>

  <!-- Loaded once per page; relative to this file. -->
  <xsl:variable name="l10n-doc" select="document(concat('l10n/', $lang, '.xml'))"/>
  <xsl:variable name="l10n-en" select="document('l10n/en.xml')"/>

  <!-- The raw catalogue text of key (no placeholders replaced). -->
  <xsl:template name="t-raw">
    <xsl:param name="key"/>
    <xsl:variable name="in-lang">
      <xsl:for-each select="$l10n-doc">
        <xsl:value-of select="count(key('l10n', $key))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="in-en">
      <xsl:for-each select="$l10n-en">
        <xsl:value-of select="count(key('l10n', $key))"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:choose>
      <xsl:when test="number($in-lang) &gt; 0">
        <xsl:for-each select="$l10n-doc">
          <xsl:value-of select="key('l10n', $key)[1]"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:when test="number($in-en) &gt; 0">
        <xsl:for-each select="$l10n-en">
          <xsl:value-of select="key('l10n', $key)[1]"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$key"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Replace every {name} in text by value. -->
  <xsl:template name="t-subst">
    <xsl:param name="text"/>
    <xsl:param name="name"/>
    <xsl:param name="value"/>
    <xsl:variable name="ph" select="concat('{', $name, '}')"/>
    <xsl:choose>
      <xsl:when test="contains($text, $ph)">
        <xsl:value-of select="substring-before($text, $ph)"/>
        <xsl:value-of select="$value"/>
        <xsl:call-template name="t-subst">
          <xsl:with-param name="text" select="substring-after($text, $ph)"/>
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="value" select="$value"/>
        </xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$text"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The text of key in the page's language, placeholders replaced. -->
  <xsl:template name="t">
    <xsl:param name="key"/>
    <xsl:param name="n"/>
    <xsl:param name="from"/>
    <xsl:param name="to"/>
    <xsl:param name="total"/>
    <xsl:param name="name"/>
    <xsl:param name="hours"/>
    <xsl:param name="status"/>
    <xsl:variable name="s0">
      <xsl:call-template name="t-raw">
        <xsl:with-param name="key" select="$key"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="s1">
      <xsl:call-template name="t-subst">
        <xsl:with-param name="text" select="string($s0)"/>
        <xsl:with-param name="name" select="'n'"/>
        <xsl:with-param name="value" select="$n"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="s2">
      <xsl:call-template name="t-subst">
        <xsl:with-param name="text" select="string($s1)"/>
        <xsl:with-param name="name" select="'from'"/>
        <xsl:with-param name="value" select="$from"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="s3">
      <xsl:call-template name="t-subst">
        <xsl:with-param name="text" select="string($s2)"/>
        <xsl:with-param name="name" select="'to'"/>
        <xsl:with-param name="value" select="$to"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="s4">
      <xsl:call-template name="t-subst">
        <xsl:with-param name="text" select="string($s3)"/>
        <xsl:with-param name="name" select="'total'"/>
        <xsl:with-param name="value" select="$total"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="s5">
      <xsl:call-template name="t-subst">
        <xsl:with-param name="text" select="string($s4)"/>
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="value" select="$name"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:variable name="s6">
      <xsl:call-template name="t-subst">
        <xsl:with-param name="text" select="string($s5)"/>
        <xsl:with-param name="name" select="'hours'"/>
        <xsl:with-param name="value" select="$hours"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:call-template name="t-subst">
      <xsl:with-param name="text" select="string($s6)"/>
      <xsl:with-param name="name" select="'status'"/>
      <xsl:with-param name="value" select="$status"/>
    </xsl:call-template>
  </xsl:template>

  <!-- rp:t(key): the text of key, for use inside XPath and attribute values. -->
  <func:function name="rp:t">
    <xsl:param name="key"/>
    <xsl:variable name="s">
      <xsl:call-template name="t-raw">
        <xsl:with-param name="key" select="string($key)"/>
      </xsl:call-template>
    </xsl:variable>
    <func:result select="string($s)"/>
  </func:function>

</xsl:stylesheet>
