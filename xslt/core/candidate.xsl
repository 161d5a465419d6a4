<?xml version="1.0" encoding="UTF-8"?>
<!--
  candidate.xsl: the page "candidate" (one candidate).
  Input: <candidate> of docs/page-xml.md "candidate": the facts and the
  contact card, the milestones as a row of boxes, the history.

  Each milestone box: data-milestone, data-state, and where an outcome
  is set data-outcome and data-color; it shows the outcome with a symbol
  and a text label, its date and who set it.  The box with undo="1" has
  the undo button in its top-right corner (com/outcomes.xsl "undo-form").
  The current box of a candidate with status action or waiting holds the
  one outcome form: date, optional note, a button per outcome grouped
  green, orange, red (com/outcomes.xsl "outcome-groups").
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="com/also-interested.xsl"/>
  <xsl:import href="com/delete-candidate.xsl"/>
  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <!-- The tab title: the candidate's name, then "Candidate". -->
  <xsl:template name="page-title">
    <xsl:value-of select="/page/candidate/name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="rp:t('page.candidate')"/>
  </xsl:template>

  <xsl:template match="candidate" mode="page">
    <article class="cand-page" data-candidate-id="{@id}" data-status="{@status}" data-stage="{@stage}">
      <div class="page-head">
        <h1><xsl:value-of select="name"/></h1>
        <span class="status status-{@status}"><xsl:value-of select="rp:t(concat('status.', @status))"/></span>
        <xsl:if test="@overdue = '1'">
          <span class="flag" data-overdue="1">
            <xsl:call-template name="icon-flag"/>
            <xsl:text> </xsl:text>
            <strong><xsl:value-of select="rp:t('overdue.flag')"/></strong>
            <xsl:if test="@waiting-hours">
              <xsl:text> </xsl:text>
              <xsl:call-template name="t">
                <xsl:with-param name="key" select="'overdue.detail'"/>
                <xsl:with-param name="hours" select="@waiting-hours"/>
              </xsl:call-template>
            </xsl:if>
          </span>
        </xsl:if>
      </div>

      <div class="cand-top">
        <section class="facts" aria-labelledby="facts-h">
          <h2 id="facts-h"><xsl:value-of select="rp:t('cand.facts')"/></h2>
          <dl>
            <dt><xsl:value-of select="rp:t('col.vacancy')"/></dt>
            <dd><xsl:value-of select="vacancy"/></dd>
            <xsl:if test="site">
              <dt><xsl:value-of select="rp:t('filter.site')"/></dt>
              <dd><xsl:value-of select="site"/></dd>
            </xsl:if>
            <xsl:if test="location">
              <dt><xsl:value-of select="rp:t('filter.location')"/></dt>
              <dd><xsl:value-of select="location"/></dd>
            </xsl:if>
            <dt><xsl:value-of select="rp:t('list.via')"/></dt>
            <dd>
              <xsl:choose>
                <xsl:when test="referrer">
                  <a href="{$base}/referrers/{referrer/@id}" data-referrer-id="{referrer/@id}"><xsl:value-of select="referrer"/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="rp:t('cand.no_referrer')"/></xsl:otherwise>
              </xsl:choose>
            </dd>
            <dt><xsl:value-of select="rp:t('list.eoi')"/></dt>
            <dd><xsl:call-template name="date"><xsl:with-param name="value" select="@eoi"/></xsl:call-template></dd>
            <xsl:if test="@updated">
              <dt><xsl:value-of select="rp:t('col.updated')"/></dt>
              <dd><xsl:call-template name="date"><xsl:with-param name="value" select="@updated"/></xsl:call-template></dd>
            </xsl:if>
          </dl>
        </section>
        <xsl:if test="contact">
          <xsl:call-template name="contact-card">
            <xsl:with-param name="closable" select="0"/>
          </xsl:call-template>
        </xsl:if>
      </div>
      <xsl:call-template name="also-interested"/>

      <section class="milestones" aria-labelledby="ms-h">
        <h2 id="ms-h"><xsl:value-of select="rp:t('cand.milestones')"/></h2>
        <ol class="mboxes">
          <xsl:apply-templates select="milestones/milestone" mode="box"/>
        </ol>
      </section>

      <section class="history" aria-labelledby="hist-h">
        <h2 id="hist-h"><xsl:value-of select="rp:t('history.title')"/></h2>
        <xsl:choose>
          <xsl:when test="history/event">
            <ol class="events">
              <xsl:apply-templates select="history/event">
                <xsl:sort select="@at" order="descending"/>
                <xsl:sort select="@id" data-type="number" order="descending"/>
              </xsl:apply-templates>
            </ol>
          </xsl:when>
          <xsl:otherwise>
            <p class="empty-line"><xsl:value-of select="rp:t('history.empty')"/></p>
          </xsl:otherwise>
        </xsl:choose>
      </section>
      <xsl:call-template name="delete-candidate"/>
    </article>
  </xsl:template>

  <!-- One milestone box. -->
  <xsl:template match="milestone" mode="box">
    <xsl:variable name="cand" select="../.."/>
    <xsl:variable name="colour" select="string(@color[. = 'green' or . = 'orange' or . = 'red'])"/>
    <xsl:variable name="state" select="string(@state)"/>
    <xsl:variable name="open" select="$state = 'current' and ($cand/@status = 'action' or $cand/@status = 'waiting')"/>
    <li id="m-{@key}" class="mbox mbox-{$state}" data-milestone="{@key}" data-state="{$state}">
      <xsl:if test="$colour != ''">
        <xsl:attribute name="class">mbox mbox-<xsl:value-of select="$state"/> mbox-<xsl:value-of select="$colour"/></xsl:attribute>
        <xsl:attribute name="data-color"><xsl:value-of select="$colour"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="@outcome and @outcome != ''">
        <xsl:attribute name="data-outcome"><xsl:value-of select="@outcome"/></xsl:attribute>
      </xsl:if>
      <xsl:if test="$state = 'current'">
        <xsl:attribute name="aria-current">step</xsl:attribute>
      </xsl:if>

      <h3 class="mbox-title" id="m-{@key}-h">
        <span class="mbox-pos"><xsl:value-of select="@pos"/>.</span>
        <xsl:text> </xsl:text>
        <xsl:value-of select="rp:t(concat('milestone.', @key))"/>
      </h3>
      <xsl:if test="@undo = '1'">
        <xsl:call-template name="undo-form"/>
      </xsl:if>

      <xsl:choose>
        <xsl:when test="$colour != ''">
          <p class="mbox-outcome">
            <xsl:call-template name="progress-sym">
              <xsl:with-param name="colour" select="$colour"/>
            </xsl:call-template>
            <xsl:text> </xsl:text>
            <span class="sr-only"><xsl:value-of select="rp:t(concat('color.', $colour))"/>: </span>
            <xsl:value-of select="rp:t(concat('outcome.', @outcome))"/>
          </p>
          <p class="mbox-meta">
            <xsl:call-template name="date"><xsl:with-param name="value" select="@date"/></xsl:call-template>
            <xsl:if test="normalize-space(@by) != ''">
              <xsl:text> · </xsl:text>
              <xsl:call-template name="t">
                <xsl:with-param name="key" select="'history.by'"/>
                <xsl:with-param name="name" select="@by"/>
              </xsl:call-template>
            </xsl:if>
          </p>
        </xsl:when>
        <xsl:when test="$state = 'current'">
          <p class="mbox-state"><xsl:value-of select="rp:t('state.current')"/></p>
        </xsl:when>
        <xsl:otherwise>
          <p class="mbox-state"><xsl:value-of select="rp:t('state.future')"/></p>
        </xsl:otherwise>
      </xsl:choose>

      <xsl:if test="number(@points) &gt; 0">
        <p class="mbox-points">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'ms.points'"/>
            <xsl:with-param name="points" select="@points"/>
          </xsl:call-template>
        </p>
      </xsl:if>

      <xsl:if test="$state = 'current' and $cand/@due">
        <xsl:for-each select="$cand">
          <xsl:call-template name="due"/>
        </xsl:for-each>
      </xsl:if>

      <xsl:if test="$open and outcome">
        <xsl:call-template name="outcome-form"/>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- The outcome form of the current milestone; context: <milestone>. -->
  <xsl:template name="outcome-form">
    <xsl:variable name="cand" select="../.."/>
    <form class="oc-form" method="post" action="{$base}/candidates/{$cand/@id}/outcome">
      <input type="hidden" name="milestone" value="{@key}"/>
      <input type="hidden" name="version" value="{$cand/@version}"/>
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <!-- The form's first (default) button is disabled, so Enter in the
           date field submits nothing: an outcome is always a click. -->
      <button type="submit" disabled="disabled" hidden="hidden"><xsl:value-of select="rp:t('choice.pick')"/></button>
      <div class="oc-fields">
        <div class="field">
          <label for="oc-date"><xsl:value-of select="rp:t('choice.date')"/></label>
          <input type="date" id="oc-date" name="date" value="{$cand/@today}"
                 max="{$cand/@today}" aria-describedby="oc-date-hint">
            <xsl:if test="$cand/@eoi-date">
              <xsl:attribute name="min"><xsl:value-of select="$cand/@eoi-date"/></xsl:attribute>
            </xsl:if>
          </input>
          <span class="hint" id="oc-date-hint"><xsl:value-of select="rp:t('choice.date_hint')"/></span>
        </div>
        <div class="field field-note">
          <label for="oc-note"><xsl:value-of select="rp:t('choice.note')"/></label>
          <textarea id="oc-note" name="note" rows="2"></textarea>
        </div>
      </div>
      <xsl:call-template name="outcome-groups">
        <xsl:with-param name="hints" select="1"/>
      </xsl:call-template>
    </form>
  </xsl:template>

  <!-- One history event. -->
  <xsl:template match="event">
    <li class="ev ev-{@kind}" data-event-id="{@id}" data-kind="{@kind}">
      <xsl:if test="@undone = '1'">
        <xsl:attribute name="data-undone">1</xsl:attribute>
        <xsl:attribute name="class">ev ev-<xsl:value-of select="@kind"/> ev-undone</xsl:attribute>
      </xsl:if>
      <p class="ev-head">
        <xsl:call-template name="date"><xsl:with-param name="value" select="@at"/></xsl:call-template>
        <xsl:if test="normalize-space(@by) != ''">
          <xsl:text> · </xsl:text>
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'history.by'"/>
            <xsl:with-param name="name" select="@by"/>
          </xsl:call-template>
        </xsl:if>
      </p>
      <p class="ev-what">
        <strong><xsl:value-of select="rp:t(concat('history.', @kind))"/></strong>
        <xsl:text>: </xsl:text>
        <xsl:choose>
          <xsl:when test="@undone = '1'">
            <s><xsl:call-template name="event-outcome"/></s>
            <xsl:text> </xsl:text>
            <span class="ev-tag"><xsl:value-of select="rp:t('history.undone_tag')"/></span>
          </xsl:when>
          <xsl:otherwise><xsl:call-template name="event-outcome"/></xsl:otherwise>
        </xsl:choose>
      </p>
      <xsl:if test="@kind = 'outcome' and @date">
        <p class="ev-date">
          <xsl:call-template name="t-date">
            <xsl:with-param name="key" select="'history.effective'"/>
            <xsl:with-param name="value" select="@date"/>
          </xsl:call-template>
        </p>
      </xsl:if>
      <xsl:if test="normalize-space(note) != ''">
        <p class="ev-note">
          <span class="ev-note-label"><xsl:value-of select="rp:t('history.note')"/>: </span>
          <xsl:value-of select="note"/>
        </p>
      </xsl:if>
    </li>
  </xsl:template>

  <!-- "Interview completed? – ! Rescheduled" of an event. -->
  <xsl:template name="event-outcome">
    <xsl:variable name="c" select="string(@color[. = 'green' or . = 'orange' or . = 'red'])"/>
    <xsl:if test="@milestone">
      <xsl:value-of select="rp:t(concat('milestone.', @milestone))"/>
      <xsl:text> – </xsl:text>
    </xsl:if>
    <span class="ev-outcome ev-{$c}">
      <xsl:call-template name="progress-sym">
        <xsl:with-param name="colour" select="$c"/>
      </xsl:call-template>
      <xsl:text> </xsl:text>
      <xsl:value-of select="rp:t(concat('outcome.', @outcome))"/>
    </span>
  </xsl:template>

</xsl:stylesheet>
