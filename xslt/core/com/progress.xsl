<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/progress.xsl: the row of milestone boxes of one candidate in a list
  (the candidate list, a referrer's candidates), and the list's outcome
  menu.

  Template "progress", context: a <candidate> (its <progress><m key=
  color= outcome=/>... and @stage-pos, the current milestone's place).
  One small box per milestone with data-milestone, data-color and
  data-outcome where set, in a list that carries data-stage-pos; the CSS
  draws the colour and a symbol (tick, exclamation mark, cross, and a
  ring round the box at data-stage-pos, the current step), so colour is
  never the only signal.  The boxes are a picture of the row's status
  column, which says the same in words (status and current step), so
  they are hidden from screen readers; a list page carries fifty rows of
  them, so they are kept to one empty element each.

  Template "progress-sym", param colour: the symbol of a colour
  (aria-hidden), for a candidate's page.

  Template "progress-step", context: a live-list <candidate> with status
  action or waiting: the current milestone's name as a link that opens
  the row's outcome menu (?menu={id}, no JavaScript needed) or, on the
  open row, closes it; the open row then gets the menu (docs/page-xml.md
  "Outcome menus in the list").
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <!-- Said after the current step's name on the link that opens the menu. -->
  <xsl:variable name="L-choose" select="rp:t('menu.choose')"/>
  <!-- The candidate whose outcome menu is open ("" when none), looked up
       once per page rather than once per row. -->
  <xsl:variable name="menu-id" select="string(/page/candidates/@menu)"/>

  <!-- The boxes of a row without any outcome.  Every row of a page has
       the same <m> keys in the same order (its organisation's
       milestones, docs/page-xml.md): these boxes are the same on every
       such row, so they are made once per page, from the first row, and
       copied (copying six nodes is cheaper than making them; a list page
       has fifty rows, most of them new). -->
  <xsl:variable name="boxes-none">
    <xsl:for-each select="(/page/candidates/candidate | /page/referrer/candidates/candidate)[1]/progress/m">
      <li data-milestone="{@key}"/>
    </xsl:for-each>
  </xsl:variable>

  <xsl:template name="progress">
    <ol class="progress" data-stage-pos="{@stage-pos}" aria-hidden="true">
      <xsl:choose>
        <xsl:when test="not(progress/m/@color)">
          <xsl:copy-of select="$boxes-none"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:for-each select="progress/m">
            <li data-milestone="{@key}">
              <!-- An outcome comes with its colour: one test for an open box. -->
              <xsl:if test="@color">
                <xsl:attribute name="data-color"><xsl:value-of select="@color"/></xsl:attribute>
                <xsl:if test="@outcome">
                  <xsl:attribute name="data-outcome"><xsl:value-of select="@outcome"/></xsl:attribute>
                </xsl:if>
              </xsl:if>
            </li>
          </xsl:for-each>
        </xsl:otherwise>
      </xsl:choose>
    </ol>
  </xsl:template>

  <!-- The symbol of a colour (a candidate's page: its boxes and history). -->
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

  <xsl:template name="progress-step">
    <xsl:variable name="open" select="@id = $menu-id"/>
    <xsl:variable name="label" select="rp:t(concat('milestone.', @stage))"/>
    <xsl:choose>
      <xsl:when test="$open">
        <a class="step open" aria-expanded="true" href="{$row-url}#c{@id}"
           aria-label="{$label} – {$L-choose}"><xsl:value-of select="$label"/></a>
        <xsl:call-template name="progress-menu"/>
      </xsl:when>
      <xsl:otherwise>
        <a class="step" href="{$row-url}&amp;menu={@id}#c{@id}"
           aria-label="{$label} – {$L-choose}"><xsl:value-of select="$label"/></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The outcome menu of the open row: one POST form, the groups of the
       current milestone (com/outcomes.xsl). -->
  <xsl:template name="progress-menu">
    <xsl:variable name="cand" select="."/>
    <div class="oc-menu" id="menu-{@id}" data-milestone="{@stage}">
      <form method="post" action="{$base}/candidates/{@id}/outcome">
        <input type="hidden" name="milestone" value="{@stage}"/>
        <input type="hidden" name="version" value="{@version}"/>
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <input type="hidden" name="next" value="{$list-next}"/>
        <xsl:for-each select="../milestones/milestone[@key = $cand/@stage]">
          <xsl:call-template name="outcome-groups"/>
        </xsl:for-each>
      </form>
    </div>
  </xsl:template>

</xsl:stylesheet>
