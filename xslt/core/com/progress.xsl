<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/progress.xsl: the row of milestone boxes of one candidate.
  Template "progress", context: a <candidate> (its <progress><m key=
  color= outcome=/>... and @stage, the current milestone).  Each box
  carries data-milestone, and data-color / data-outcome where set.  The
  colour is never the only signal: green shows a tick, orange an
  exclamation mark, red a cross, the current open step a ring, and every
  box has a text label for screen readers and a tooltip.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="progress">
    <xsl:variable name="stage" select="string(@stage)"/>
    <ol class="progress">
      <xsl:for-each select="progress/m">
        <xsl:variable name="colour">
          <xsl:choose>
            <xsl:when test="@color = 'green' or @color = 'orange' or @color = 'red'">
              <xsl:value-of select="@color"/>
            </xsl:when>
            <xsl:otherwise>none</xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="state">
          <xsl:choose>
            <xsl:when test="@outcome and @outcome != ''">
              <xsl:value-of select="concat(rp:t(concat('color.', $colour)), ': ', rp:t(concat('outcome.', @outcome)))"/>
            </xsl:when>
            <xsl:when test="$colour = 'none' and @key = $stage">
              <xsl:value-of select="rp:t('color.current')"/>
            </xsl:when>
            <xsl:otherwise>
              <xsl:value-of select="rp:t(concat('color.', $colour))"/>
            </xsl:otherwise>
          </xsl:choose>
        </xsl:variable>
        <xsl:variable name="label" select="concat(rp:t(concat('milestone.', @key)), ' – ', $state)"/>
        <li class="m m-{$colour}" data-milestone="{@key}" title="{$label}">
          <xsl:if test="$colour != 'none'">
            <xsl:attribute name="data-color"><xsl:value-of select="$colour"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="@outcome and @outcome != ''">
            <xsl:attribute name="data-outcome"><xsl:value-of select="@outcome"/></xsl:attribute>
          </xsl:if>
          <xsl:if test="@key = $stage">
            <xsl:attribute name="class">m m-<xsl:value-of select="$colour"/> m-current</xsl:attribute>
            <xsl:attribute name="aria-current">step</xsl:attribute>
          </xsl:if>
          <span class="m-sym" aria-hidden="true">
            <xsl:choose>
              <xsl:when test="$colour = 'green'">✓</xsl:when>
              <xsl:when test="$colour = 'orange'">!</xsl:when>
              <xsl:when test="$colour = 'red'">✕</xsl:when>
            </xsl:choose>
          </span>
          <span class="sr-only"><xsl:value-of select="$label"/></span>
        </li>
      </xsl:for-each>
    </ol>
  </xsl:template>

</xsl:stylesheet>
