<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/progress.xsl: the row of milestone boxes of one candidate.
  Template "progress", context: a <candidate> (its <progress><m key=
  color= outcome=/>... and @stage, the current milestone).  Each box
  carries data-milestone, and data-color / data-outcome where set.  The
  colour is never the only signal: green shows a tick, orange an
  exclamation mark, red a cross, the current open step a ring, and every
  box has a text label for screen readers and a tooltip.
  Param menu = 1 (the live list): the current box of a row with status
  action or waiting and a @version is a <details> menu with the outcome
  buttons (one POST form, hidden milestone, version, csrf, next).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- State words, looked up once per page. -->
  <xsl:variable name="L-green" select="rp:t('color.green')"/>
  <xsl:variable name="L-orange" select="rp:t('color.orange')"/>
  <xsl:variable name="L-red" select="rp:t('color.red')"/>
  <xsl:variable name="L-current" select="rp:t('color.current')"/>
  <xsl:variable name="L-none" select="rp:t('color.none')"/>

  <!-- Said after the current box's label when it opens a menu. -->
  <xsl:variable name="L-choose" select="rp:t('menu.choose')"/>

  <xsl:template name="progress">
    <!-- 1: the current box of a row that needs an outcome holds the menu. -->
    <xsl:param name="menu" select="0"/>
    <xsl:variable name="stage" select="string(@stage)"/>
    <xsl:variable name="with-menu" select="$menu = 1 and @version and (@status = 'action' or @status = 'waiting')"/>
    <ol class="progress">
      <xsl:for-each select="progress/m">
        <!-- "green", "orange", "red", or "" (no outcome yet). -->
        <xsl:variable name="colour" select="string(@color[. = 'green' or . = 'orange' or . = 'red'])"/>
        <xsl:variable name="label">
          <xsl:value-of select="rp:t(concat('milestone.', @key))"/>
          <xsl:text> – </xsl:text>
          <xsl:choose>
            <xsl:when test="$colour = 'green'"><xsl:value-of select="$L-green"/></xsl:when>
            <xsl:when test="$colour = 'orange'"><xsl:value-of select="$L-orange"/></xsl:when>
            <xsl:when test="$colour = 'red'"><xsl:value-of select="$L-red"/></xsl:when>
            <xsl:when test="@key = $stage"><xsl:value-of select="$L-current"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="$L-none"/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="$colour != '' and @outcome != ''">
            <xsl:value-of select="concat(': ', rp:t(concat('outcome.', @outcome)))"/>
          </xsl:if>
        </xsl:variable>
        <li class="m m-{$colour}" data-milestone="{@key}" title="{$label}">
          <xsl:if test="$colour = ''">
            <xsl:attribute name="class">m m-none</xsl:attribute>
          </xsl:if>
          <xsl:if test="$colour != ''">
            <xsl:attribute name="data-color"><xsl:value-of select="$colour"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="@outcome and @outcome != ''">
            <xsl:attribute name="data-outcome"><xsl:value-of select="@outcome"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="@key = $stage">
            <xsl:attribute name="class">m m-<xsl:value-of select="$colour"/><xsl:if test="$colour = ''">none</xsl:if> m-current</xsl:attribute>
            <xsl:attribute name="aria-current">step</xsl:attribute>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="$with-menu and @key = $stage">
              <xsl:call-template name="progress-menu">
                <xsl:with-param name="colour" select="$colour"/>
                <xsl:with-param name="label" select="$label"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise>
              <span class="m-sym" aria-hidden="true">
                <xsl:choose>
                  <xsl:when test="$colour = 'green'">✓</xsl:when>
                  <xsl:when test="$colour = 'orange'">!</xsl:when>
                  <xsl:when test="$colour = 'red'">✕</xsl:when>
                </xsl:choose>
              </span>
              <span class="sr-only"><xsl:value-of select="$label"/></span>
            </xsl:otherwise>
          </xsl:choose>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <!-- The symbol of a colour (inlined in the loop above for speed). -->
  <xsl:template name="progress-sym">
    <xsl:param name="colour"/>
    <span class="m-sym" aria-hidden="true">
      <xsl:choose>
        <xsl:when test="$colour = 'green'">✓</xsl:when>
        <xsl:when test="$colour = 'orange'">!</xsl:when>
        <xsl:when test="$colour = 'red'">✕</xsl:when>
      </xsl:choose>
    </span>
  </xsl:template>

  <!-- The current box as a menu (docs/page-xml.md "Outcome menus in the
       list"); context: an <m>.  The buttons are a copy of the page's
       $outcome-menus (com/outcomes.xsl). -->
  <xsl:template name="progress-menu">
    <xsl:param name="colour"/>
    <xsl:param name="label"/>
    <xsl:variable name="cand" select="../.."/>
    <xsl:variable name="key" select="string(@key)"/>
    <details class="m-menu">
      <summary>
        <xsl:call-template name="progress-sym">
          <xsl:with-param name="colour" select="$colour"/>
        </xsl:call-template>
        <span class="sr-only"><xsl:value-of select="concat($label, '. ', $L-choose)"/></span>
      </summary>
      <form class="oc-menu" method="post" action="{$base}/candidates/{$cand/@id}/outcome">
        <input type="hidden" name="milestone" value="{$key}"/>
        <input type="hidden" name="version" value="{$cand/@version}"/>
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <input type="hidden" name="next" value="{$list-next}"/>
        <xsl:copy-of select="$outcome-menus[@key = $key]/node()"/>
      </form>
    </details>
  </xsl:template>

</xsl:stylesheet>
