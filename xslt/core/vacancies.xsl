<?xml version="1.0" encoding="UTF-8"?>
<!--
  vacancies.xsl: the page "vacancies": every vacancy the user may see,
  open ones first, with its live candidates (a link to the filtered
  candidate list) and its public apply link.
  Input: <vacancies><vacancy id= open= code= live=><title/><location/>
  <site id=/></vacancy>...</vacancies> (docs/page-xml.md).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="vacancies" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.vacancies')"/></h1>
      <p class="head-actions">
        <a class="btn btn-primary" href="{$base}/vacancies/new" data-action="new-vacancy">
          <xsl:value-of select="rp:t('vacancy.new')"/>
        </a>
        <xsl:text> </xsl:text>
        <a class="btn" href="{$base}/candidates/new" data-action="new-candidate">
          <xsl:value-of select="rp:t('cand.new.link')"/>
        </a>
      </p>
    </div>
    <xsl:choose>
      <xsl:when test="vacancy">
        <table class="vacs">
          <caption class="sr-only"><xsl:value-of select="rp:t('page.vacancies')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="rp:t('vacancy.title')"/></th>
              <xsl:if test="/page/org/@has-sites = '1'">
                <th scope="col"><xsl:value-of select="rp:t('filter.site')"/></th>
              </xsl:if>
              <th scope="col"><xsl:value-of select="rp:t('vacancy.location')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('vacancy.state')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('vacancy.live')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="vacancy"/>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty"><xsl:value-of select="rp:t('vacancy.none')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="vacancy">
    <tr class="vac" data-vacancy-id="{@id}" data-open="{@open}" data-code="{@code}">
      <td>
        <a class="name" href="{$base}/vacancies/{@id}"><xsl:value-of select="title"/></a>
      </td>
      <xsl:if test="/page/org/@has-sites = '1'">
        <td><xsl:value-of select="site"/></td>
      </xsl:if>
      <td><xsl:value-of select="location"/></td>
      <td>
        <xsl:choose>
          <xsl:when test="@open = '1'">
            <span class="status vac-open"><xsl:value-of select="rp:t('vacancy.open')"/></span>
          </xsl:when>
          <xsl:otherwise>
            <span class="status vac-closed"><xsl:value-of select="rp:t('vacancy.closed')"/></span>
          </xsl:otherwise>
        </xsl:choose>
      </td>
      <td data-live="{@live}">
        <a href="{$base}/candidates?job={@id}">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'vacancy.live_n'"/>
            <xsl:with-param name="n" select="@live"/>
          </xsl:call-template>
        </a>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
