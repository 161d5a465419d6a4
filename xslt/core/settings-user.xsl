<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings-user.xsl: the page "settings-user": one user's role, sites,
  language and whether they may sign in.  POST {$base}/settings/users/{id}
  with name, role, lang, state (active/disabled), site1..siteN, csrf; an
  invited user who has not chosen a password yet can be sent a new link
  (POST {$base}/settings/users/{id}/invite).
  Input: <settings-user id= email= role= lang= state= state-chosen= me=
  error=><name/><sites><site id= checked=/></sites></settings-user>.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template name="page-title">
    <xsl:value-of select="/page/settings-user/name"/>
    <xsl:text> – </xsl:text>
    <xsl:value-of select="rp:t('page.settings-users')"/>
  </xsl:template>

  <xsl:template match="settings-user" mode="page">
    <xsl:variable name="disabled" select="(@state-chosen and @state-chosen = 'disabled') or (not(@state-chosen) and @state = 'disabled')"/>
    <div class="page-head">
      <h1><xsl:value-of select="name"/></h1>
      <p class="count" data-state="{@state}"><xsl:value-of select="@email"/> – <xsl:value-of select="rp:t(concat('user.state_', @state))"/></p>
    </div>
    <xsl:call-template name="settings-nav"/>
    <xsl:call-template name="form-error"><xsl:with-param name="key" select="@error"/></xsl:call-template>
    <form class="form-card" method="post" action="{$base}/settings/users/{@id}">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <div class="field">
        <label for="u-name"><xsl:value-of select="rp:t('ref.name')"/></label>
        <input type="text" id="u-name" name="name" value="{name}" required="required" maxlength="200" autocomplete="off"/>
      </div>
      <xsl:call-template name="role-choice">
        <xsl:with-param name="current" select="@role"/>
        <xsl:with-param name="prefix" select="'u'"/>
      </xsl:call-template>
      <div class="field">
        <label for="u-lang"><xsl:value-of select="rp:t('user.language')"/></label>
        <xsl:call-template name="lang-select">
          <xsl:with-param name="current" select="@lang"/>
          <xsl:with-param name="id" select="'u-lang'"/>
        </xsl:call-template>
      </div>
      <xsl:call-template name="site-choice"><xsl:with-param name="prefix" select="'u'"/></xsl:call-template>
      <fieldset class="choice">
        <legend><xsl:value-of select="rp:t('user.access')"/></legend>
        <label for="u-state-a">
          <input type="radio" id="u-state-a" name="state" value="active">
            <xsl:if test="not($disabled)"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="rp:t('user.access_active')"/>
        </label>
        <label for="u-state-d">
          <input type="radio" id="u-state-d" name="state" value="disabled">
            <xsl:if test="$disabled"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
          </input>
          <xsl:text> </xsl:text><xsl:value-of select="rp:t('user.access_disabled')"/>
        </label>
        <p class="hint"><xsl:value-of select="rp:t('user.access_hint')"/></p>
      </fieldset>
      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('form.save')"/></button>
        <a class="btn btn-quiet" href="{$base}/settings/users"><xsl:value-of select="rp:t('form.cancel')"/></a>
      </div>
    </form>
    <xsl:if test="@state = 'invited'">
      <form class="form-card" method="post" action="{$base}/settings/users/{@id}/invite">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <p><xsl:value-of select="rp:t('invite.again_hint')"/></p>
        <div class="actions">
          <button type="submit" class="btn"><xsl:value-of select="rp:t('invite.again')"/></button>
        </div>
      </form>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
