<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/outcomes.xsl: the outcome choices of a milestone, and the undo button.

  Template "outcome-groups", context: a <milestone> with its <outcome
  key= color=/> children (docs/page-xml.md).  Writes the outcomes as
  submit buttons (name="outcome" value="{key}"), grouped green, orange,
  red, each group a <fieldset class="oc oc-{colour}"> with a legend;
  param "hints" = 1 adds a line under each legend saying what the choice
  does.  The caller writes the <form> and its hidden fields.  The CSS
  draws each button's symbol (tick, exclamation mark, cross) from the
  group's class, and the legend says what the colour means, so colour is
  never the only signal.

  Variable $list-next: where the list's outcome menu sends the user back.

  Template "undo-form", context: a candidate page's <milestone undo="1">:
  the undo icon button (POST to /candidates/{id}/undo).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="outcome-groups">
    <xsl:param name="hints" select="0"/>
    <xsl:variable name="ms" select="."/>
    <xsl:for-each select="outcome[@color = 'green'][1] | outcome[@color = 'orange'][1] | outcome[@color = 'red'][1]">
      <xsl:sort select="string-length(substring-before('green orange red', @color))" data-type="number"/>
      <xsl:variable name="c" select="string(@color)"/>
      <fieldset class="oc oc-{$c}">
        <legend><xsl:value-of select="rp:t(concat('choice.', $c))"/></legend>
        <xsl:if test="$hints = 1">
          <p class="hint"><xsl:value-of select="rp:t(concat('choice.', $c, '_hint'))"/></p>
        </xsl:if>
        <xsl:for-each select="$ms/outcome[@color = $c]">
          <button name="outcome" value="{@key}"><xsl:value-of select="rp:t(concat('outcome.', @key))"/></button>
        </xsl:for-each>
      </fieldset>
    </xsl:for-each>
  </xsl:template>

  <!-- Where the list's forms send the user back to: {path}?{qs}. -->
  <xsl:variable name="list-next">
    <xsl:value-of select="$path"/>
    <xsl:if test="$qs != ''">?<xsl:value-of select="$qs"/></xsl:if>
  </xsl:variable>

  <!-- The undo button; context: <milestone undo="1"> of a candidate page. -->
  <xsl:template name="undo-form">
    <xsl:variable name="cand" select="ancestor::candidate[1]"/>
    <form class="undo" method="post" action="{$base}/candidates/{$cand/@id}/undo">
      <input type="hidden" name="version" value="{$cand/@version}"/>
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <button type="submit" class="btn-icon" data-undo="{@key}">
        <xsl:call-template name="icon-undo"/>
        <span class="sr-only">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'undo.label'"/>
            <xsl:with-param name="name" select="rp:t(concat('outcome.', @outcome))"/>
          </xsl:call-template>
        </span>
      </button>
    </form>
  </xsl:template>

</xsl:stylesheet>
