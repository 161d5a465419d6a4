<?xml version="1.0" encoding="UTF-8"?>
<!--
  referrer-form.xsl: the page "referrer-form" (add or edit a referrer).
  Input: <referrer-form id= email= phone= site= lang= error= error-field=>
  <name/><sites/></referrer-form> of docs/page-xml.md.  Without @id it
  adds (POST {$base}/referrers/new), with it it saves (POST
  {$base}/referrers/{id}).  Fields name, email, phone, site, lang, csrf.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template name="page-title">
    <xsl:choose>
      <xsl:when test="/page/referrer-form/@id"><xsl:value-of select="rp:t('ref.edit_title')"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="rp:t('ref.new_title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- aria-describedby for the field the error is about. -->
  <xsl:template name="err-ref">
    <xsl:param name="field"/>
    <xsl:if test="/page/referrer-form/@error-field = $field">
      <xsl:attribute name="aria-describedby">form-error</xsl:attribute>
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
  </xsl:template>

  <xsl:template match="referrer-form" mode="page">
    <div class="page-head">
      <h1><xsl:call-template name="page-title"/></h1>
    </div>
    <xsl:call-template name="form-error"><xsl:with-param name="key" select="@error"/></xsl:call-template>
    <form class="form-card" method="post">
      <xsl:attribute name="action">
        <xsl:choose>
          <xsl:when test="@id"><xsl:value-of select="concat($base, '/referrers/', @id)"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="concat($base, '/referrers/new')"/></xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <div class="field">
        <label for="rf-name"><xsl:value-of select="rp:t('ref.name')"/></label>
        <input type="text" id="rf-name" name="name" value="{name}" required="required" maxlength="200" autocomplete="off">
          <xsl:call-template name="err-ref"><xsl:with-param name="field" select="'name'"/></xsl:call-template>
        </input>
      </div>
      <div class="field">
        <label for="rf-email"><xsl:value-of select="rp:t('card.email')"/></label>
        <input type="email" id="rf-email" name="email" value="{@email}" required="required" maxlength="254" autocomplete="off">
          <xsl:call-template name="err-ref"><xsl:with-param name="field" select="'email'"/></xsl:call-template>
        </input>
      </div>
      <div class="field">
        <label for="rf-phone"><xsl:value-of select="rp:t('ref.phone_optional')"/></label>
        <input type="tel" id="rf-phone" name="phone" value="{@phone}" maxlength="40" autocomplete="off"/>
      </div>
      <xsl:if test="sites/site">
        <div class="field">
          <label for="rf-site"><xsl:value-of select="rp:t('filter.site')"/></label>
          <xsl:call-template name="site-select">
            <xsl:with-param name="sites" select="sites/site"/>
            <xsl:with-param name="current" select="@site"/>
            <xsl:with-param name="id" select="'rf-site'"/>
            <xsl:with-param name="none" select="number(not(@limited = '1'))"/>
          </xsl:call-template>
        </div>
      </xsl:if>
      <div class="field">
        <label for="rf-lang"><xsl:value-of select="rp:t('ref.lang')"/></label>
        <xsl:call-template name="lang-select">
          <xsl:with-param name="current" select="@lang"/>
          <xsl:with-param name="id" select="'rf-lang'"/>
        </xsl:call-template>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('form.save')"/></button>
        <a class="btn btn-quiet">
          <xsl:attribute name="href">
            <xsl:choose>
              <xsl:when test="@id"><xsl:value-of select="concat($base, '/referrers/', @id)"/></xsl:when>
              <xsl:otherwise><xsl:value-of select="concat($base, '/referrers')"/></xsl:otherwise>
            </xsl:choose>
          </xsl:attribute>
          <xsl:value-of select="rp:t('form.cancel')"/>
        </a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
