<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/pagination.xsl: "51–100 of 123" and previous / page numbers / next.
  Template "pagination", context: an element with @page, @pages, @from,
  @to, @total (the <candidates> element).  Links keep the filters:
  {$base}{$path}?{$qs}&page=N.  Param $pager-window (params.xsl).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- URL of page n with the current filters. -->
  <xsl:template name="page-url">
    <xsl:param name="n"/>
    <xsl:value-of select="concat($base, $path, '?')"/>
    <xsl:if test="$qs != ''"><xsl:value-of select="concat($qs, '&amp;')"/></xsl:if>
    <xsl:value-of select="concat('page=', $n)"/>
  </xsl:template>

  <xsl:template name="pagination">
    <xsl:variable name="page" select="number(@page)"/>
    <xsl:variable name="pages" select="number(@pages)"/>
    <p class="range">
      <xsl:call-template name="t">
        <xsl:with-param name="key" select="'pager.range'"/>
        <xsl:with-param name="from" select="@from"/>
        <xsl:with-param name="to" select="@to"/>
        <xsl:with-param name="total" select="@total"/>
      </xsl:call-template>
    </p>
    <xsl:if test="$pages &gt; 1">
      <nav class="pager" aria-label="{rp:t('pager.label')}">
        <ul>
          <li>
            <xsl:choose>
              <xsl:when test="$page &gt; 1">
                <a rel="prev" class="pager-prev">
                  <xsl:attribute name="href">
                    <xsl:call-template name="page-url"><xsl:with-param name="n" select="$page - 1"/></xsl:call-template>
                  </xsl:attribute>
                  <xsl:value-of select="rp:t('pager.prev')"/>
                </a>
              </xsl:when>
              <xsl:otherwise>
                <span class="pager-prev disabled"><xsl:value-of select="rp:t('pager.prev')"/></span>
              </xsl:otherwise>
            </xsl:choose>
          </li>
          <xsl:call-template name="pager-numbers">
            <xsl:with-param name="i">
              <xsl:choose>
                <xsl:when test="$page - $pager-window &lt; 1">1</xsl:when>
                <xsl:otherwise><xsl:value-of select="$page - $pager-window"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="last">
              <xsl:choose>
                <xsl:when test="$page + $pager-window &gt; $pages"><xsl:value-of select="$pages"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="$page + $pager-window"/></xsl:otherwise>
              </xsl:choose>
            </xsl:with-param>
            <xsl:with-param name="page" select="$page"/>
          </xsl:call-template>
          <li>
            <xsl:choose>
              <xsl:when test="$page &lt; $pages">
                <a rel="next" class="pager-next">
                  <xsl:attribute name="href">
                    <xsl:call-template name="page-url"><xsl:with-param name="n" select="$page + 1"/></xsl:call-template>
                  </xsl:attribute>
                  <xsl:value-of select="rp:t('pager.next')"/>
                </a>
              </xsl:when>
              <xsl:otherwise>
                <span class="pager-next disabled"><xsl:value-of select="rp:t('pager.next')"/></span>
              </xsl:otherwise>
            </xsl:choose>
          </li>
        </ul>
      </nav>
    </xsl:if>
  </xsl:template>

  <!-- Page numbers i..last; the current one carries aria-current. -->
  <xsl:template name="pager-numbers">
    <xsl:param name="i"/>
    <xsl:param name="last"/>
    <xsl:param name="page"/>
    <xsl:if test="number($i) &lt;= number($last)">
      <li>
        <xsl:variable name="label" select="rp:fill(rp:t('pager.page'), 'n', $i)"/>
        <xsl:choose>
          <xsl:when test="number($i) = number($page)">
            <a class="pager-num" aria-current="page" aria-label="{$label}">
              <xsl:attribute name="href">
                <xsl:call-template name="page-url"><xsl:with-param name="n" select="$i"/></xsl:call-template>
              </xsl:attribute>
              <xsl:value-of select="$i"/>
            </a>
          </xsl:when>
          <xsl:otherwise>
            <a class="pager-num" aria-label="{$label}">
              <xsl:attribute name="href">
                <xsl:call-template name="page-url"><xsl:with-param name="n" select="$i"/></xsl:call-template>
              </xsl:attribute>
              <xsl:value-of select="$i"/>
            </a>
          </xsl:otherwise>
        </xsl:choose>
      </li>
      <xsl:call-template name="pager-numbers">
        <xsl:with-param name="i" select="number($i) + 1"/>
        <xsl:with-param name="last" select="$last"/>
        <xsl:with-param name="page" select="$page"/>
      </xsl:call-template>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
