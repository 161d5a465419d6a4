<?xml version="1.0" encoding="UTF-8"?>
<!--
  referrers.xsl: the page "referrers" (the list of referrers).
  Input: <referrers> of docs/page-xml.md "referrers": the search form
  (q, site), one row per referrer (data-referrer-id; referrals, hires and
  the points balance with data-points), the pager, and links to add one
  and to import a CSV file.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="referrers" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.referrers')"/></h1>
      <p class="count">
        <xsl:call-template name="t">
          <xsl:with-param name="key" select="'refs.count'"/>
          <xsl:with-param name="total" select="number(@total)"/>
        </xsl:call-template>
      </p>
      <p class="head-actions">
        <a class="btn btn-primary" href="{$base}/referrers/new" data-action="new"><xsl:value-of select="rp:t('refs.add')"/></a>
        <xsl:text> </xsl:text>
        <a class="btn" href="{$base}/referrers/import" data-action="import"><xsl:value-of select="rp:t('refs.import')"/></a>
      </p>
    </div>

    <form class="filters" method="get" action="{$base}/referrers">
      <div class="field field-q">
        <label for="r-q"><xsl:value-of select="rp:t('filter.q')"/></label>
        <input type="search" id="r-q" name="q" value="{filter/@q}" autocomplete="off"/>
      </div>
      <xsl:if test="sites/site">
        <div class="field">
          <label for="r-site"><xsl:value-of select="rp:t('filter.site')"/></label>
          <select id="r-site" name="site">
            <option value=""><xsl:value-of select="rp:t('filter.all')"/></option>
            <xsl:for-each select="sites/site">
              <option value="{@id}">
                <xsl:if test="string(@id) = string(../../filter/@site)">
                  <xsl:attribute name="selected">selected</xsl:attribute>
                </xsl:if>
                <xsl:value-of select="."/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>
      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('filter.submit')"/></button>
        <xsl:if test="filter/@q != '' or filter/@site != ''">
          <a class="btn btn-quiet" href="{$base}/referrers"><xsl:value-of select="rp:t('filter.reset')"/></a>
        </xsl:if>
      </div>
    </form>

    <xsl:choose>
      <xsl:when test="referrer">
        <xsl:variable name="L-name" select="rp:t('col.name')"/>
        <xsl:variable name="L-site" select="rp:t('filter.site')"/>
        <xsl:variable name="L-refs" select="rp:t('refs.referrals')"/>
        <xsl:variable name="L-hires" select="rp:t('refs.hires')"/>
        <xsl:variable name="L-points" select="rp:t('refs.balance')"/>
        <table class="cands refs">
          <caption class="sr-only"><xsl:value-of select="rp:t('page.referrers')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="$L-name"/></th>
              <xsl:if test="sites/site"><th scope="col"><xsl:value-of select="$L-site"/></th></xsl:if>
              <th scope="col" class="num"><xsl:value-of select="$L-refs"/></th>
              <th scope="col" class="num"><xsl:value-of select="$L-hires"/></th>
              <th scope="col" class="num"><xsl:value-of select="$L-points"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="referrer">
              <tr data-referrer-id="{@id}">
                <td data-label="{$L-name}">
                  <a class="name" href="{$base}/referrers/{@id}"><xsl:value-of select="name"/></a>
                  <xsl:if test="email"><div class="via"><xsl:value-of select="email"/></div></xsl:if>
                </td>
                <xsl:if test="../sites/site">
                  <td data-label="{$L-site}">
                    <xsl:choose>
                      <xsl:when test="site"><xsl:value-of select="site"/></xsl:when>
                      <xsl:otherwise><span class="muted"><xsl:value-of select="rp:t('ref.no_site')"/></span></xsl:otherwise>
                    </xsl:choose>
                  </td>
                </xsl:if>
                <td class="num" data-label="{$L-refs}" data-referrals="{@referrals}"><xsl:value-of select="@referrals"/></td>
                <td class="num" data-label="{$L-hires}" data-hires="{@hires}"><xsl:value-of select="@hires"/></td>
                <td class="num" data-label="{$L-points}" data-points="{@points}"><xsl:value-of select="@points"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
        <xsl:call-template name="pagination"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty" data-empty="1"><xsl:value-of select="rp:t('refs.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
