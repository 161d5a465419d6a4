<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/filter-form.xsl: the filter form above a candidate list.
  Template "filter-form", context: the <candidates> element (its <filter>,
  <sites>, <milestones>, <locations>, <jobs>).  A GET form to the same
  page with fields site, q, sort, stage, status, location, job; "" means
  "all".  The status filter is shown on the live list only.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- One <option>; selected when value = current.  The options of the
       lists from the XML (sites, stages, locations, jobs) are written in
       their loops instead: a list page has fifty of them, and a call with
       its parameters costs as much as the option. -->
  <xsl:template name="filter-option">
    <xsl:param name="value"/>
    <xsl:param name="current"/>
    <xsl:param name="label"/>
    <option value="{$value}">
      <xsl:if test="string($value) = string($current)">
        <xsl:attribute name="selected">selected</xsl:attribute>
      </xsl:if>
      <xsl:value-of select="$label"/>
    </option>
  </xsl:template>

  <xsl:template name="filter-form">
    <xsl:variable name="f" select="filter"/>
    <form class="filters" method="get" action="{$base}{$path}">
      <div class="field field-q">
        <label for="f-q"><xsl:value-of select="rp:t('filter.q')"/></label>
        <input type="search" id="f-q" name="q" value="{$f/@q}" autocomplete="off"
               aria-describedby="f-q-hint"/>
        <span class="hint" id="f-q-hint"><xsl:value-of select="rp:t('filter.q_hint')"/></span>
      </div>

      <xsl:if test="sites/site">
        <div class="field">
          <label for="f-site"><xsl:value-of select="rp:t('filter.site')"/></label>
          <select id="f-site" name="site">
            <option value=""><xsl:value-of select="rp:t('filter.all')"/></option>
            <xsl:for-each select="sites/site">
              <option value="{@id}">
                <xsl:if test="@id = $f/@site"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="."/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>

      <div class="field">
        <label for="f-sort"><xsl:value-of select="rp:t('filter.sort')"/></label>
        <select id="f-sort" name="sort">
          <xsl:variable name="cur">
            <xsl:choose>
              <xsl:when test="$f/@sort = 'name' or $f/@sort = 'eoi'"><xsl:value-of select="$f/@sort"/></xsl:when>
              <xsl:otherwise>updated</xsl:otherwise>
            </xsl:choose>
          </xsl:variable>
          <xsl:call-template name="filter-option">
            <xsl:with-param name="value" select="'updated'"/>
            <xsl:with-param name="current" select="$cur"/>
            <xsl:with-param name="label" select="rp:t('sort.updated')"/>
          </xsl:call-template>
          <xsl:call-template name="filter-option">
            <xsl:with-param name="value" select="'name'"/>
            <xsl:with-param name="current" select="$cur"/>
            <xsl:with-param name="label" select="rp:t('sort.name')"/>
          </xsl:call-template>
          <xsl:call-template name="filter-option">
            <xsl:with-param name="value" select="'eoi'"/>
            <xsl:with-param name="current" select="$cur"/>
            <xsl:with-param name="label" select="rp:t('sort.eoi')"/>
          </xsl:call-template>
        </select>
      </div>

      <xsl:if test="milestones/milestone">
        <div class="field">
          <label for="f-stage"><xsl:value-of select="rp:t('filter.stage')"/></label>
          <select id="f-stage" name="stage">
            <option value=""><xsl:value-of select="rp:t('filter.all')"/></option>
            <xsl:for-each select="milestones/milestone">
              <option value="{@key}">
                <xsl:if test="@key = $f/@stage"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="rp:t(concat('milestone.', @key))"/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>

      <xsl:if test="not(@view = 'archive') and not(/page/@name = 'archive')">
        <div class="field">
          <label for="f-status"><xsl:value-of select="rp:t('filter.status')"/></label>
          <select id="f-status" name="status">
            <option value=""><xsl:value-of select="rp:t('filter.all')"/></option>
            <xsl:call-template name="filter-option">
              <xsl:with-param name="value" select="'action'"/>
              <xsl:with-param name="current" select="$f/@status"/>
              <xsl:with-param name="label" select="rp:t('status.action')"/>
            </xsl:call-template>
            <xsl:call-template name="filter-option">
              <xsl:with-param name="value" select="'waiting'"/>
              <xsl:with-param name="current" select="$f/@status"/>
              <xsl:with-param name="label" select="rp:t('status.waiting')"/>
            </xsl:call-template>
            <xsl:call-template name="filter-option">
              <xsl:with-param name="value" select="'complete'"/>
              <xsl:with-param name="current" select="$f/@status"/>
              <xsl:with-param name="label" select="rp:t('status.complete')"/>
            </xsl:call-template>
          </select>
        </div>
      </xsl:if>

      <xsl:if test="locations/location">
        <div class="field">
          <label for="f-location"><xsl:value-of select="rp:t('filter.location')"/></label>
          <select id="f-location" name="location">
            <option value=""><xsl:value-of select="rp:t('filter.all')"/></option>
            <xsl:for-each select="locations/location">
              <option value="{.}">
                <xsl:if test=". = $f/@location"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="."/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>

      <xsl:if test="jobs/job">
        <div class="field">
          <label for="f-job"><xsl:value-of select="rp:t('filter.job')"/></label>
          <select id="f-job" name="job">
            <option value=""><xsl:value-of select="rp:t('filter.all')"/></option>
            <xsl:for-each select="jobs/job">
              <option value="{@id}">
                <xsl:if test="@id = $f/@job"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                <xsl:value-of select="."/>
              </option>
            </xsl:for-each>
          </select>
        </div>
      </xsl:if>

      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('filter.submit')"/></button>
        <a class="btn btn-quiet" href="{$base}{$path}"><xsl:value-of select="rp:t('filter.reset')"/></a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
