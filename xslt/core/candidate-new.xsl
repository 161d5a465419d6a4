<?xml version="1.0" encoding="UTF-8"?>
<!--
  candidate-new.xsl: the page "candidate-new": a recruiter adds a
  candidate by hand (a referral that came by phone or on paper).
  Input: <candidate-new today=> with <form vacancy= name= email= phone=
  postcode= note= referrer= eoi_date=><error field= key=/></form>,
  <vacancies><vacancy id= open= location=/></vacancies> and
  <referrers><referrer id=/></referrers> (docs/page-xml.md).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="com/form-field.xsl"/>
  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template name="page-title">
    <xsl:value-of select="rp:t('cand.new.title')"/>
  </xsl:template>

  <xsl:template match="candidate-new" mode="page">
    <xsl:variable name="f" select="form"/>
    <xsl:variable name="errs" select="form/error"/>
    <p class="back"><a href="{$base}/candidates"><xsl:value-of select="rp:t('error.back')"/></a></p>
    <h1><xsl:value-of select="rp:t('cand.new.title')"/></h1>
    <p class="hint"><xsl:value-of select="rp:t('cand.new.intro')"/></p>
    <xsl:call-template name="error-summary"><xsl:with-param name="errors" select="$errs"/></xsl:call-template>
    <form class="stack-form" method="post" action="{$base}/candidates/new">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <xsl:variable name="verr" select="$errs[@field = 'vacancy']"/>
      <div class="field field-vacancy">
        <label for="f-vacancy">
          <xsl:value-of select="rp:t('col.vacancy')"/>
          <span class="req"><xsl:text> </xsl:text><xsl:value-of select="rp:t('form.required')"/></span>
        </label>
        <select id="f-vacancy" name="vacancy" required="required">
          <xsl:if test="$verr">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">err-vacancy</xsl:attribute>
          </xsl:if>
          <option value=""><xsl:value-of select="rp:t('form.choose')"/></option>
          <xsl:for-each select="vacancies/vacancy">
            <option value="{@id}">
              <xsl:if test="@id = $f/@vacancy"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="."/>
              <xsl:if test="@location != ''"> (<xsl:value-of select="@location"/>)</xsl:if>
              <xsl:if test="@open != '1'"> – <xsl:value-of select="rp:t('vacancy.closed')"/></xsl:if>
            </option>
          </xsl:for-each>
        </select>
        <xsl:apply-templates select="$verr" mode="field-error"/>
      </div>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="rp:t('apply.name')"/>
        <xsl:with-param name="value" select="$f/@name"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="rp:t('apply.email')"/>
        <xsl:with-param name="value" select="$f/@email"/>
        <xsl:with-param name="type" select="'email'"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="254"/>
        <xsl:with-param name="hint" select="rp:t('cand.new.email_hint')"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="label" select="rp:t('apply.phone')"/>
        <xsl:with-param name="value" select="$f/@phone"/>
        <xsl:with-param name="type" select="'tel'"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="30"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'postcode'"/>
        <xsl:with-param name="label" select="rp:t('apply.postcode')"/>
        <xsl:with-param name="value" select="$f/@postcode"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="10"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:variable name="rerr" select="$errs[@field = 'referrer']"/>
      <div class="field field-referrer">
        <xsl:if test="$rerr"><xsl:attribute name="class">field field-referrer has-error</xsl:attribute></xsl:if>
        <label for="f-referrer"><xsl:value-of select="rp:t('cand.new.referrer')"/></label>
        <select id="f-referrer" name="referrer" aria-describedby="hint-referrer">
          <xsl:if test="$rerr">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">err-referrer hint-referrer</xsl:attribute>
          </xsl:if>
          <option value=""><xsl:value-of select="rp:t('cand.no_referrer')"/></option>
          <xsl:for-each select="referrers/referrer">
            <option value="{@id}">
              <xsl:if test="@id = $f/@referrer"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
              <xsl:value-of select="."/>
            </option>
          </xsl:for-each>
        </select>
        <xsl:apply-templates select="$rerr" mode="field-error"/>
        <p class="hint" id="hint-referrer"><xsl:value-of select="rp:t('cand.new.referrer_hint')"/></p>
      </div>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'eoi_date'"/>
        <xsl:with-param name="label" select="rp:t('cand.new.eoi_date')"/>
        <xsl:with-param name="value" select="$f/@eoi_date"/>
        <xsl:with-param name="type" select="'date'"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max-date" select="@today"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label" select="rp:t('apply.note')"/>
        <xsl:with-param name="value" select="$f/@note"/>
        <xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="max" select="2000"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <p class="hint"><xsl:value-of select="rp:t('cand.new.mail_hint')"/></p>
      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('cand.new.submit')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
