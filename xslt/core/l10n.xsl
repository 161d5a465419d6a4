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
  else written as it is.  The template fills them in with
  rp:fill(text, name, value, ..., vars) (lib/render.c), which any
  stylesheet may call too.
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
    <xsl:value-of select="rp:fill(rp:t($key), 'n', $n, 'from', $from, 'to', $to,
        'total', $total, 'name', $name, 'hours', $hours, 'status', $status,
        'referrer', $referrer, 'points', $points, 'date', $date, $vars)"/>
  </xsl:template>

</xsl:stylesheet>
