<?xml version="1.0" encoding="UTF-8"?>
<!--
  vacancy.xsl: the page "vacancy": a new vacancy's form, or an existing
  one's with its public apply link and the share link of a referrer
  picked from a search.
  Input: <vacancy mode="new|edit" id= code= live= apply-url= open=
  right-to-work= site=> with <title/> <location/> <postcode/>
  <description/>, <sites><site id=/></sites> (when the organisation has
  sites), <watchers><person id= email= checked=/></watchers>, <errors>
  and <share q=><referrer id= selected=/><link referrer= url=/></share>
  (docs/page-xml.md).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="com/form-field.xsl"/>
  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template name="page-title">
    <xsl:choose>
      <xsl:when test="/page/vacancy/@mode = 'edit'"><xsl:value-of select="/page/vacancy/title"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="rp:t('vacancy.new')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="vacancy" mode="page">
    <xsl:variable name="errs" select="errors/error"/>
    <p class="back"><a href="{$base}/vacancies"><xsl:value-of select="rp:t('vacancy.back')"/></a></p>
    <div class="page-head">
      <h1>
        <xsl:choose>
          <xsl:when test="@mode = 'edit'"><xsl:value-of select="title"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="rp:t('vacancy.new')"/></xsl:otherwise>
        </xsl:choose>
      </h1>
      <xsl:if test="@mode = 'edit'">
        <a href="{$base}/candidates?job={@id}" data-live="{@live}">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'vacancy.live_n'"/>
            <xsl:with-param name="n" select="@live"/>
          </xsl:call-template>
        </a>
        <a class="btn" href="{$base}/candidates/new?vacancy={@id}" data-action="new-candidate">
          <xsl:value-of select="rp:t('cand.new.link')"/>
        </a>
      </xsl:if>
    </div>

    <xsl:if test="@mode = 'edit'">
      <xsl:call-template name="vacancy-links"/>
    </xsl:if>

    <section class="vac-form-box" aria-labelledby="vac-form-h">
      <h2 id="vac-form-h"><xsl:value-of select="rp:t('vacancy.details')"/></h2>
      <xsl:call-template name="error-summary"><xsl:with-param name="errors" select="$errs"/></xsl:call-template>
      <form class="stack-form" method="post">
        <xsl:attribute name="action">
          <xsl:value-of select="$base"/>
          <xsl:choose>
            <xsl:when test="@mode = 'edit'">/vacancies/<xsl:value-of select="@id"/></xsl:when>
            <xsl:otherwise>/vacancies/new</xsl:otherwise>
          </xsl:choose>
        </xsl:attribute>
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <xsl:call-template name="form-field">
          <xsl:with-param name="name" select="'title'"/>
          <xsl:with-param name="label" select="rp:t('vacancy.title')"/>
          <xsl:with-param name="value" select="title"/>
          <xsl:with-param name="required" select="1"/>
          <xsl:with-param name="max" select="200"/>
          <xsl:with-param name="errors" select="$errs"/>
        </xsl:call-template>
        <xsl:if test="sites">
          <xsl:variable name="err" select="$errs[@field = 'site']"/>
          <div class="field field-site">
            <label for="f-site">
              <xsl:value-of select="rp:t('filter.site')"/>
              <span class="req"><xsl:text> </xsl:text><xsl:value-of select="rp:t('form.required')"/></span>
            </label>
            <select id="f-site" name="site" required="required">
              <xsl:if test="$err">
                <xsl:attribute name="aria-invalid">true</xsl:attribute>
                <xsl:attribute name="aria-describedby">err-site</xsl:attribute>
              </xsl:if>
              <option value=""><xsl:value-of select="rp:t('form.choose')"/></option>
              <xsl:variable name="cur" select="string(@site)"/>
              <xsl:for-each select="sites/site">
                <option value="{@id}">
                  <xsl:if test="@id = $cur"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                  <xsl:value-of select="."/>
                </option>
              </xsl:for-each>
            </select>
            <xsl:apply-templates select="$err" mode="field-error"/>
          </div>
        </xsl:if>
        <xsl:call-template name="form-field">
          <xsl:with-param name="name" select="'location'"/>
          <xsl:with-param name="label" select="rp:t('vacancy.location')"/>
          <xsl:with-param name="value" select="location"/>
          <xsl:with-param name="max" select="100"/>
          <xsl:with-param name="errors" select="$errs"/>
        </xsl:call-template>
        <xsl:call-template name="form-field">
          <xsl:with-param name="name" select="'postcode'"/>
          <xsl:with-param name="label" select="rp:t('vacancy.postcode')"/>
          <xsl:with-param name="value" select="postcode"/>
          <xsl:with-param name="max" select="16"/>
          <xsl:with-param name="errors" select="$errs"/>
        </xsl:call-template>
        <xsl:call-template name="form-field">
          <xsl:with-param name="name" select="'description'"/>
          <xsl:with-param name="label" select="rp:t('vacancy.description')"/>
          <xsl:with-param name="value" select="description"/>
          <xsl:with-param name="type" select="'textarea'"/>
          <xsl:with-param name="max" select="4000"/>
          <xsl:with-param name="errors" select="$errs"/>
        </xsl:call-template>
        <div class="check">
          <input type="checkbox" id="f-open" name="open" value="1">
            <xsl:if test="@open = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <label for="f-open"><xsl:value-of select="rp:t('vacancy.open_label')"/></label>
        </div>
        <div class="check">
          <input type="checkbox" id="f-right_to_work" name="right_to_work" value="1">
            <xsl:if test="@right-to-work = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <label for="f-right_to_work"><xsl:value-of select="rp:t('vacancy.rtw_label')"/></label>
        </div>
        <fieldset class="checks" id="f-watcher">
          <legend><xsl:value-of select="rp:t('vacancy.watchers')"/></legend>
          <p class="hint"><xsl:value-of select="rp:t('vacancy.watchers_hint')"/></p>
          <xsl:for-each select="watchers/person">
            <div class="check">
              <input type="checkbox" id="f-watcher-{@id}" name="watcher" value="{@id}">
                <xsl:if test="@checked = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <label for="f-watcher-{@id}">
                <xsl:value-of select="."/>
                <span class="muted"><xsl:text> </xsl:text><xsl:value-of select="@email"/></span>
              </label>
            </div>
          </xsl:for-each>
          <xsl:apply-templates select="$errs[@field = 'watcher']" mode="field-error"/>
        </fieldset>
        <div class="actions">
          <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('vacancy.save')"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

  <!-- The public apply link and a referrer's share link. -->
  <xsl:template name="vacancy-links">
    <section class="vac-links" aria-labelledby="vac-links-h">
      <h2 id="vac-links-h"><xsl:value-of select="rp:t('vacancy.links')"/></h2>
      <p class="hint"><xsl:value-of select="rp:t('vacancy.apply_hint')"/></p>
      <p class="link-line">
        <a href="{@apply-url}" data-apply-link="{@code}"><xsl:value-of select="@apply-url"/></a>
      </p>
      <xsl:if test="@open != '1'">
        <p class="muted"><xsl:value-of select="rp:t('vacancy.closed_hint')"/></p>
      </xsl:if>
      <h3><xsl:value-of select="rp:t('vacancy.share')"/></h3>
      <form class="inline-form" method="get" action="{$base}/vacancies/{@id}" role="search">
        <div class="field">
          <label for="share-q"><xsl:value-of select="rp:t('vacancy.share_search')"/></label>
          <input type="search" id="share-q" name="q" value="{share/@q}" maxlength="100"/>
        </div>
        <div class="actions">
          <button type="submit" class="btn"><xsl:value-of select="rp:t('vacancy.share_find')"/></button>
        </div>
      </form>
      <xsl:choose>
        <xsl:when test="share/referrer">
          <form class="inline-form" method="get" action="{$base}/vacancies/{@id}">
            <input type="hidden" name="q" value="{share/@q}"/>
            <div class="field">
              <label for="share-ref"><xsl:value-of select="rp:t('vacancy.share_pick')"/></label>
              <select id="share-ref" name="referrer">
                <xsl:for-each select="share/referrer">
                  <option value="{@id}">
                    <xsl:if test="@selected = '1'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
                    <xsl:value-of select="."/>
                  </option>
                </xsl:for-each>
              </select>
            </div>
            <div class="actions">
              <button type="submit" class="btn"><xsl:value-of select="rp:t('vacancy.share_show')"/></button>
            </div>
          </form>
        </xsl:when>
        <xsl:when test="share/@q != ''">
          <p class="empty-line"><xsl:value-of select="rp:t('vacancy.share_none')"/></p>
        </xsl:when>
      </xsl:choose>
      <xsl:for-each select="share/link">
        <p class="link-line" data-share-link="{@referrer}">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'vacancy.share_link'"/>
            <xsl:with-param name="name" select="."/>
          </xsl:call-template>
          <br/>
          <a href="{@url}"><xsl:value-of select="@url"/></a>
        </p>
      </xsl:for-each>
    </section>
  </xsl:template>

</xsl:stylesheet>
