<?xml version="1.0" encoding="UTF-8"?>
<!--
  apply.xsl: the public page "apply": a vacancy's form for a friend who
  was sent a share link, on a phone first.  No menu (there is no <user>).
  Input: <apply state="form|closed|unknown|limited" code= r=> with
  <org/>, <vacancy right-to-work= open=><title/><location/><site/>
  <description/></vacancy> and, for state form, <form name= email= phone=
  postcode= note= consent= right_to_work=><error field= key=/></form>
  (docs/page-xml.md).  The form posts to the page's own URL (code and
  r= in the query), with the pre-session csrf field.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="com/form-field.xsl"/>
  <xsl:import href="com/apply-head.xsl"/>
  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template name="page-title">
    <xsl:choose>
      <xsl:when test="/page/apply/vacancy">
        <xsl:value-of select="/page/apply/vacancy/title"/>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="rp:t('apply.unknown_title')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="apply" mode="page">
    <div class="apply" data-state="{@state}">
      <xsl:call-template name="apply-head"/>
      <xsl:choose>
        <xsl:when test="@state = 'form'"><xsl:apply-templates select="form"/></xsl:when>
        <xsl:otherwise>
          <div class="apply-gone" data-gone="{@state}">
            <h2><xsl:value-of select="rp:t(concat('apply.', @state, '_title'))"/></h2>
            <p><xsl:value-of select="rp:t(concat('apply.', @state, '_text'))"/></p>
          </div>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

  <xsl:template match="form">
    <xsl:variable name="errs" select="error"/>
    <xsl:variable name="v" select="../vacancy"/>
    <xsl:if test="$v/description">
      <details class="apply-desc">
        <summary><xsl:value-of select="rp:t('apply.about_job')"/></summary>
        <p class="pre-line"><xsl:value-of select="$v/description"/></p>
      </details>
    </xsl:if>
    <h2 class="apply-form-h"><xsl:value-of select="rp:t('apply.form_title')"/></h2>
    <p class="hint"><xsl:value-of select="rp:t('apply.intro')"/></p>
    <xsl:call-template name="error-summary"><xsl:with-param name="errors" select="$errs"/></xsl:call-template>
    <form class="stack-form apply-form" method="post" novalidate="novalidate">
      <xsl:attribute name="action">
        <xsl:for-each select="..">
          <xsl:call-template name="apply-url"/>
        </xsl:for-each>
      </xsl:attribute>
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'name'"/>
        <xsl:with-param name="label" select="rp:t('apply.name')"/>
        <xsl:with-param name="value" select="@name"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="100"/>
        <xsl:with-param name="auto" select="'name'"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'email'"/>
        <xsl:with-param name="label" select="rp:t('apply.email')"/>
        <xsl:with-param name="value" select="@email"/>
        <xsl:with-param name="type" select="'email'"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="254"/>
        <xsl:with-param name="auto" select="'email'"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'phone'"/>
        <xsl:with-param name="label" select="rp:t('apply.phone')"/>
        <xsl:with-param name="value" select="@phone"/>
        <xsl:with-param name="type" select="'tel'"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="30"/>
        <xsl:with-param name="auto" select="'tel'"/>
        <xsl:with-param name="hint" select="rp:t('apply.phone_hint')"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'postcode'"/>
        <xsl:with-param name="label" select="rp:t('apply.postcode')"/>
        <xsl:with-param name="value" select="@postcode"/>
        <xsl:with-param name="required" select="1"/>
        <xsl:with-param name="max" select="10"/>
        <xsl:with-param name="auto" select="'postal-code'"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:call-template name="form-field">
        <xsl:with-param name="name" select="'note'"/>
        <xsl:with-param name="label" select="rp:t('apply.note')"/>
        <xsl:with-param name="value" select="@note"/>
        <xsl:with-param name="type" select="'textarea'"/>
        <xsl:with-param name="max" select="2000"/>
        <xsl:with-param name="hint" select="rp:t('apply.note_hint')"/>
        <xsl:with-param name="errors" select="$errs"/>
      </xsl:call-template>
      <xsl:if test="$v/@right-to-work = '1'">
        <xsl:variable name="err" select="$errs[@field = 'right_to_work']"/>
        <fieldset class="checks rtw">
          <xsl:if test="$err"><xsl:attribute name="aria-describedby">err-right_to_work</xsl:attribute></xsl:if>
          <legend>
            <xsl:value-of select="rp:t('apply.rtw_question')"/>
            <span class="req"><xsl:text> </xsl:text><xsl:value-of select="rp:t('form.required')"/></span>
          </legend>
          <div class="check">
            <input type="radio" id="f-right_to_work" name="right_to_work" value="yes">
              <xsl:if test="@right_to_work = 'yes'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <label for="f-right_to_work"><xsl:value-of select="rp:t('apply.yes')"/></label>
          </div>
          <div class="check">
            <input type="radio" id="f-right_to_work-no" name="right_to_work" value="no">
              <xsl:if test="@right_to_work = 'no'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <label for="f-right_to_work-no"><xsl:value-of select="rp:t('apply.no')"/></label>
          </div>
          <xsl:apply-templates select="$err" mode="field-error"/>
        </fieldset>
      </xsl:if>
      <xsl:variable name="cerr" select="$errs[@field = 'consent']"/>
      <div class="privacy" id="privacy">
        <h3><xsl:value-of select="rp:t('apply.privacy_title')"/></h3>
        <p>
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'apply.privacy_text'"/>
            <xsl:with-param name="name" select="../org"/>
          </xsl:call-template>
        </p>
      </div>
      <div class="check consent">
        <xsl:if test="$cerr"><xsl:attribute name="class">check consent has-error</xsl:attribute></xsl:if>
        <input type="checkbox" id="f-consent" name="consent" value="1" required="required">
          <xsl:if test="@consent = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          <xsl:if test="$cerr">
            <xsl:attribute name="aria-invalid">true</xsl:attribute>
            <xsl:attribute name="aria-describedby">err-consent</xsl:attribute>
          </xsl:if>
        </input>
        <label for="f-consent">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'apply.consent'"/>
            <xsl:with-param name="name" select="../org"/>
          </xsl:call-template>
        </label>
      </div>
      <xsl:apply-templates select="$cerr" mode="field-error"/>
      <div class="actions">
        <button type="submit" class="btn btn-primary btn-wide"><xsl:value-of select="rp:t('apply.submit')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
