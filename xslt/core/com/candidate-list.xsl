<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/candidate-list.xsl: a page of candidates with filters and pager,
  shared by the live list (candidates.xsl) and the archive (archive.xsl).
  Template "candidate-list", context: the <candidates> element of
  docs/page-xml.md.  Each row: data-candidate-id, data-status, data-stage;
  the card link beside the name (an icon drawn by the CSS, labelled with
  aria-label) opens the row's contact card, which follows the row; on the live
  list the current step of a row that needs an outcome is a link that
  opens the row's outcome menu (com/progress.xsl); a row at "still
  working" says when it is due.  On narrow screens the CSS turns each row
  into a stacked card.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- Labels used on every row, looked up once per page. -->
  <xsl:variable name="L-col-name" select="rp:t('col.name')"/>
  <xsl:variable name="L-col-vacancy" select="rp:t('col.vacancy')"/>
  <xsl:variable name="L-col-progress" select="rp:t('col.progress')"/>
  <xsl:variable name="L-col-status" select="rp:t('col.status')"/>
  <xsl:variable name="L-col-updated" select="rp:t('col.updated')"/>
  <xsl:variable name="L-via" select="rp:t('list.via')"/>
  <xsl:variable name="L-eoi" select="rp:t('list.eoi')"/>
  <xsl:variable name="L-overdue" select="rp:t('overdue.flag')"/>
  <!-- "{hours} hours without contact": filled in by rp:fill() on each
       overdue row (the template "t" costs three times as much). -->
  <xsl:variable name="L-overdue-detail" select="rp:t('overdue.detail')"/>
  <!-- The card link's label, "... {name} ...", split around the name.
       Made strings once (a tree fragment would be turned into a string
       again on every row), as $row-url below. -->
  <xsl:variable name="L-card-open" select="rp:t('card.open')"/>
  <xsl:variable name="L-card-open-1-rtf">
    <xsl:call-template name="name-before"><xsl:with-param name="text" select="$L-card-open"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="L-card-open-1" select="string($L-card-open-1-rtf)"/>
  <xsl:variable name="L-card-open-2" select="substring-after($L-card-open, '{name}')"/>
  <xsl:variable name="L-card-close" select="rp:t('card.close_of')"/>
  <xsl:variable name="L-card-close-1-rtf">
    <xsl:call-template name="name-before"><xsl:with-param name="text" select="$L-card-close"/></xsl:call-template>
  </xsl:variable>
  <xsl:variable name="L-card-close-1" select="string($L-card-close-1-rtf)"/>
  <xsl:variable name="L-card-close-2" select="substring-after($L-card-close, '{name}')"/>

  <!-- 1 on the live list (the rows' current step opens a menu). -->
  <xsl:variable name="live" select="/page/candidates/@view = 'live'"/>

  <!-- This page of the list, filters kept: the rows' links add &card= or
       &menu= and #c{id}. -->
  <xsl:variable name="row-url-rtf">
    <xsl:for-each select="/page/candidates">
      <xsl:call-template name="page-url"><xsl:with-param name="n" select="@page"/></xsl:call-template>
    </xsl:for-each>
  </xsl:variable>
  <xsl:variable name="row-url" select="string($row-url-rtf)"/>

  <!-- The text before {name} in text (all of it and a space when text has
       no {name}: the name then follows). -->
  <xsl:template name="name-before">
    <xsl:param name="text"/>
    <xsl:choose>
      <xsl:when test="contains($text, '{name}')"><xsl:value-of select="substring-before($text, '{name}')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat($text, ' ')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="candidate-list">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t(concat('page.', /page/@name))"/></h1>
      <p class="count">
        <xsl:call-template name="t">
          <xsl:with-param name="key" select="'list.count'"/>
          <xsl:with-param name="total" select="number(@total)"/>
        </xsl:call-template>
      </p>
      <xsl:if test="/page/@name = 'candidates'">
        <p class="head-actions">
          <a class="btn" href="{$base}/candidates/new" data-action="new-candidate">
            <xsl:value-of select="rp:t('cand.new.link')"/>
          </a>
        </p>
      </xsl:if>
    </div>
    <xsl:call-template name="filter-form"/>
    <xsl:choose>
      <xsl:when test="candidate">
        <table class="cands">
          <caption class="sr-only"><xsl:value-of select="rp:t(concat('page.', /page/@name))"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="rp:t('col.name')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('col.vacancy')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('col.progress')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('col.status')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('col.updated')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:apply-templates select="candidate" mode="row"/>
          </tbody>
        </table>
        <xsl:call-template name="pagination"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty" data-empty="1"><xsl:value-of select="rp:t('list.empty')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- "Due on 25 Feb 2027", or from that day a "Due now" flag; context:
       a <candidate> with @due (the "still working" stage) and @due-now. -->
  <xsl:template name="due">
    <xsl:choose>
      <xsl:when test="@due-now = '1'">
        <div class="flag flag-due" data-due="now">
          <xsl:call-template name="icon-flag"/>
          <xsl:text> </xsl:text>
          <strong><xsl:value-of select="rp:t('due.now')"/></strong>
        </div>
      </xsl:when>
      <xsl:otherwise>
        <div class="due" data-due="{@due}">
          <xsl:call-template name="t-date">
            <xsl:with-param name="key" select="'due.on'"/>
            <xsl:with-param name="value" select="@due"/>
          </xsl:call-template>
        </div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- One candidate row (and its open contact card).  Kept lean, with as
       few expressions as can be (a page has fifty): the dates are
       written here rather than by the "date" template, as the list's XML
       always has them in its one form (datetime= takes it as it is, see
       com/date.xsl). -->
  <xsl:template match="candidate" mode="row">
    <xsl:variable name="open" select="boolean(contact)"/>
    <tr id="c{@id}" data-candidate-id="{@id}" data-status="{@status}" data-stage="{@stage}">
      <xsl:if test="@overdue = '1'">
        <xsl:attribute name="class">overdue</xsl:attribute>
      </xsl:if>
      <td class="c-name">
        <a class="name" href="{$base}/candidates/{@id}"><xsl:value-of select="name"/></a>
        <xsl:text> </xsl:text>
        <xsl:choose>
          <xsl:when test="$open">
            <a class="card-link open" aria-expanded="true" href="{$row-url}#c{@id}"
               aria-label="{$L-card-close-1}{name}{$L-card-close-2}"></a>
          </xsl:when>
          <xsl:otherwise>
            <a class="card-link" href="{$row-url}&amp;card={@id}#c{@id}"
               aria-label="{$L-card-open-1}{name}{$L-card-open-2}"></a>
          </xsl:otherwise>
        </xsl:choose>
        <xsl:if test="$show-referrer = 1 and referrer">
          <div class="via">
            <xsl:value-of select="$L-via"/>
            <xsl:text> </xsl:text>
            <a href="{$base}/referrers/{referrer/@id}"><xsl:value-of select="referrer"/></a>
          </div>
        </xsl:if>
        <xsl:if test="$show-eoi = 1 and @eoi">
          <div class="eoi">
            <xsl:value-of select="$L-eoi"/>
            <xsl:text> </xsl:text>
            <time datetime="{@eoi}"><xsl:value-of select="rp:date(@eoi)"/></time>
          </div>
        </xsl:if>
      </td>
      <td class="c-vacancy">
        <xsl:value-of select="vacancy"/>
        <xsl:if test="location or site">
          <div class="where">
            <xsl:value-of select="location"/>
            <xsl:if test="location and site"> · </xsl:if>
            <xsl:value-of select="site"/>
          </div>
        </xsl:if>
      </td>
      <td class="c-progress">
        <xsl:call-template name="progress"/>
        <xsl:if test="$live and (@status = 'action' or @status = 'waiting')">
          <xsl:call-template name="progress-step"/>
        </xsl:if>
      </td>
      <td class="c-status">
        <span class="status status-{@status}"><xsl:value-of select="rp:t(concat('status.', @status))"/></span>
        <xsl:if test="@due">
          <xsl:call-template name="due"/>
        </xsl:if>
        <xsl:if test="@overdue = '1'">
          <div class="flag" data-overdue="1">
            <xsl:call-template name="icon-flag"/>
            <xsl:text> </xsl:text>
            <strong><xsl:value-of select="$L-overdue"/></strong>
            <xsl:if test="@waiting-hours">
              <xsl:text> </xsl:text>
              <span class="flag-detail">
                <xsl:value-of select="rp:fill($L-overdue-detail, 'hours', @waiting-hours)"/>
              </span>
            </xsl:if>
          </div>
        </xsl:if>
      </td>
      <td class="c-updated" data-label="{$L-col-updated}">
        <time datetime="{@updated}"><xsl:value-of select="rp:date(@updated)"/></time>
      </td>
    </tr>
    <xsl:if test="$open">
      <tr class="contact-row">
        <td colspan="5">
          <xsl:call-template name="contact-card"/>
        </td>
      </tr>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
