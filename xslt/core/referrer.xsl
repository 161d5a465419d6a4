<?xml version="1.0" encoding="UTF-8"?>
<!--
  referrer.xsl: the page "referrer" (one referrer).
  Input: <referrer> of docs/page-xml.md "referrer": contact details, the
  points total (the element with data-points), their candidates with
  progress boxes, and the points ledger (award, reversal, bonus).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <!-- The tab title: the referrer's name, then "Referrer". -->
  <xsl:template name="page-title">
    <xsl:value-of select="/page/referrer/name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="rp:t('page.referrer')"/>
  </xsl:template>

  <xsl:template match="referrer" mode="page">
    <article class="ref-page" data-referrer-id="{@id}">
      <div class="page-head">
        <h1><xsl:value-of select="name"/></h1>
        <a class="btn" href="{$base}/referrers/{@id}/edit" data-action="edit"><xsl:value-of select="rp:t('ref.edit')"/></a>
      </div>

      <div class="cand-top">
        <section class="facts" aria-labelledby="ref-facts-h">
          <h2 id="ref-facts-h"><xsl:value-of select="rp:t('ref.details')"/></h2>
          <dl>
            <xsl:if test="site">
              <dt><xsl:value-of select="rp:t('filter.site')"/></dt>
              <dd><xsl:value-of select="site"/></dd>
            </xsl:if>
            <dt><xsl:value-of select="rp:t('card.email')"/></dt>
            <dd>
              <xsl:call-template name="mail-link"><xsl:with-param name="address" select="@email"/></xsl:call-template>
            </dd>
            <dt><xsl:value-of select="rp:t('card.phone')"/></dt>
            <dd>
              <xsl:variable name="digits" select="translate(@phone, translate(@phone, '+0123456789', ''), '')"/>
              <xsl:choose>
                <xsl:when test="$digits != ''">
                  <a href="tel:{$digits}"><xsl:value-of select="@phone"/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="rp:t('card.none')"/></xsl:otherwise>
              </xsl:choose>
            </dd>
            <xsl:if test="@code">
              <dt><xsl:value-of select="rp:t('ref.share_code')"/></dt>
              <dd><code data-code="{@code}"><xsl:value-of select="@code"/></code></dd>
            </xsl:if>
          </dl>
        </section>
        <section class="points-box" aria-labelledby="ref-points-h">
          <h2 id="ref-points-h"><xsl:value-of select="rp:t('ref.points')"/></h2>
          <p class="points-total" data-points="{@points}">
            <xsl:call-template name="t">
              <xsl:with-param name="key" select="'ref.points_total'"/>
              <xsl:with-param name="points" select="number(@points)"/>
            </xsl:call-template>
          </p>
          <!-- Bonus points with a reason (POST /referrers/{id}/bonus). -->
          <div class="bonus">
            <h3><xsl:value-of select="rp:t('bonus.title')"/></h3>
            <form class="bonus-form" method="post" action="{$base}/referrers/{@id}/bonus">
              <input type="hidden" name="csrf" value="{$csrf}"/>
              <div class="field">
                <label for="bonus-points"><xsl:value-of select="rp:t('bonus.points')"/></label>
                <input type="number" id="bonus-points" name="points" min="1" max="{@bonus-max}" step="1"
                       required="required" inputmode="numeric" aria-describedby="bonus-hint"/>
              </div>
              <div class="field">
                <label for="bonus-reason"><xsl:value-of select="rp:t('bonus.reason')"/></label>
                <input type="text" id="bonus-reason" name="reason" required="required" maxlength="200"/>
              </div>
              <p class="hint" id="bonus-hint">
                <xsl:call-template name="t">
                  <xsl:with-param name="key" select="'bonus.hint'"/>
                  <xsl:with-param name="n" select="@bonus-max"/>
                </xsl:call-template>
              </p>
              <div class="actions">
                <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('bonus.submit')"/></button>
              </div>
            </form>
          </div>
        </section>
      </div>

      <section class="ref-cands" aria-labelledby="ref-cands-h">
        <h2 id="ref-cands-h"><xsl:value-of select="rp:t('ref.candidates')"/></h2>
        <xsl:choose>
          <xsl:when test="candidates/candidate">
            <table class="cands">
              <caption class="sr-only"><xsl:value-of select="rp:t('ref.candidates')"/></caption>
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="$L-col-name"/></th>
                  <th scope="col"><xsl:value-of select="$L-col-vacancy"/></th>
                  <th scope="col"><xsl:value-of select="$L-col-progress"/></th>
                  <th scope="col"><xsl:value-of select="$L-col-status"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="candidates/candidate" mode="ref"/>
              </tbody>
            </table>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty-line"><xsl:value-of select="rp:t('ref.no_candidates')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </section>

      <section class="ref-ledger" aria-labelledby="ref-ledger-h">
        <h2 id="ref-ledger-h"><xsl:value-of select="rp:t('ledger.title')"/></h2>
        <xsl:choose>
          <xsl:when test="ledger/entry">
            <table class="ledger">
              <caption class="sr-only"><xsl:value-of select="rp:t('ledger.title')"/></caption>
              <thead>
                <tr>
                  <th scope="col"><xsl:value-of select="rp:t('ledger.date')"/></th>
                  <th scope="col"><xsl:value-of select="rp:t('ledger.kind')"/></th>
                  <th scope="col"><xsl:value-of select="rp:t('ledger.candidate')"/></th>
                  <th scope="col"><xsl:value-of select="rp:t('ledger.reason')"/></th>
                  <th scope="col" class="num"><xsl:value-of select="rp:t('ledger.points')"/></th>
                </tr>
              </thead>
              <tbody>
                <xsl:apply-templates select="ledger/entry"/>
              </tbody>
            </table>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty-line"><xsl:value-of select="rp:t('ledger.empty')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </section>
    </article>
  </xsl:template>

  <!-- One of the referrer's candidates. -->
  <xsl:template match="candidate" mode="ref">
    <tr class="cand row-{@status}" data-candidate-id="{@id}" data-status="{@status}" data-stage="{@stage}">
      <td class="c-name">
        <a class="name" href="{$base}/candidates/{@id}"><xsl:value-of select="name"/></a>
        <xsl:if test="@eoi">
          <div class="eoi">
            <xsl:value-of select="$L-eoi"/>
            <xsl:text> </xsl:text>
            <xsl:call-template name="date"><xsl:with-param name="value" select="@eoi"/></xsl:call-template>
          </div>
        </xsl:if>
      </td>
      <td class="c-vacancy" data-label="{$L-col-vacancy}"><xsl:value-of select="vacancy"/></td>
      <td class="c-progress" data-label="{$L-col-progress}"><xsl:call-template name="progress"/></td>
      <td class="c-status" data-label="{$L-col-status}">
        <span class="status status-{@status}"><xsl:value-of select="rp:t(concat('status.', @status))"/></span>
        <xsl:if test="@status = 'action' or @status = 'waiting'">
          <div class="stage"><xsl:value-of select="rp:t(concat('milestone.', @stage))"/></div>
        </xsl:if>
      </td>
    </tr>
  </xsl:template>

  <!-- One ledger entry: date, kind, candidate, reason, +/- points. -->
  <xsl:template match="entry">
    <xsl:variable name="p" select="number(@points)"/>
    <tr class="entry entry-{@kind}" data-entry-id="{@id}" data-kind="{@kind}">
      <td data-label="{rp:t('ledger.date')}">
        <xsl:call-template name="date"><xsl:with-param name="value" select="@at"/></xsl:call-template>
      </td>
      <td data-label="{rp:t('ledger.kind')}"><xsl:value-of select="rp:t(concat('ledger.', @kind))"/></td>
      <td data-label="{rp:t('ledger.candidate')}">
        <xsl:choose>
          <xsl:when test="candidate">
            <a href="{$base}/candidates/{candidate/@id}"><xsl:value-of select="candidate"/></a>
          </xsl:when>
          <xsl:otherwise><span class="muted"><xsl:value-of select="rp:t('ledger.no_candidate')"/></span></xsl:otherwise>
        </xsl:choose>
      </td>
      <td data-label="{rp:t('ledger.reason')}">
        <xsl:choose>
          <xsl:when test="@kind = 'award' or @kind = 'reversal'">
            <xsl:value-of select="rp:t(concat('milestone.', @reason))"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="@reason"/></xsl:otherwise>
        </xsl:choose>
      </td>
      <td class="num" data-label="{rp:t('ledger.points')}">
        <xsl:choose>
          <xsl:when test="$p &gt; 0"><span class="pts pts-plus">+<xsl:value-of select="$p"/></span></xsl:when>
          <xsl:when test="$p &lt; 0"><span class="pts pts-minus"><xsl:value-of select="$p"/></span></xsl:when>
          <xsl:otherwise><span class="pts"><xsl:value-of select="@points"/></span></xsl:otherwise>
        </xsl:choose>
      </td>
    </tr>
  </xsl:template>

</xsl:stylesheet>
