<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings-users.xsl: the page "settings-users": the organisation's users
  (data-user-id, data-role, data-state: active, invited, disabled) and
  the invitation form (POST {$base}/settings/users: email, name, role,
  lang, site1..siteN checkboxes, csrf).
  Input: <settings-users><account id= email= role= lang= state= me=>
  <name/><site id=/></account>...<invite days= email= name= role= lang=
  error=><sites><site id= checked=/></sites></invite></settings-users>.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="settings-users" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.settings')"/></h1>
    </div>
    <xsl:call-template name="settings-nav"/>
    <h2><xsl:value-of select="rp:t('page.settings-users')"/></h2>
    <xsl:variable name="L-name" select="rp:t('col.name')"/>
    <xsl:variable name="L-role" select="rp:t('user.role')"/>
    <xsl:variable name="L-sites" select="rp:t('user.sites')"/>
    <xsl:variable name="L-state" select="rp:t('col.status')"/>
    <table class="cands users">
      <caption class="sr-only"><xsl:value-of select="rp:t('page.settings-users')"/></caption>
      <thead>
        <tr>
          <th scope="col"><xsl:value-of select="$L-name"/></th>
          <th scope="col"><xsl:value-of select="$L-role"/></th>
          <th scope="col"><xsl:value-of select="$L-sites"/></th>
          <th scope="col"><xsl:value-of select="$L-state"/></th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="account">
          <tr data-user-id="{@id}" data-role="{@role}" data-state="{@state}">
            <td data-label="{$L-name}">
              <a class="name" href="{$base}/settings/users/{@id}"><xsl:value-of select="name"/></a>
              <xsl:if test="@me = '1'"><xsl:text> </xsl:text><span class="muted"><xsl:value-of select="rp:t('user.you')"/></span></xsl:if>
              <div class="via"><xsl:value-of select="@email"/></div>
            </td>
            <td data-label="{$L-role}"><xsl:value-of select="rp:t(concat('role.', @role))"/></td>
            <td data-label="{$L-sites}">
              <xsl:choose>
                <xsl:when test="site">
                  <xsl:for-each select="site">
                    <xsl:if test="position() &gt; 1">, </xsl:if>
                    <xsl:value-of select="."/>
                  </xsl:for-each>
                </xsl:when>
                <xsl:otherwise><span class="muted"><xsl:value-of select="rp:t('user.all_sites')"/></span></xsl:otherwise>
              </xsl:choose>
            </td>
            <td data-label="{$L-state}">
              <span class="state state-{@state}"><xsl:value-of select="rp:t(concat('user.state_', @state))"/></span>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
    <xsl:apply-templates select="invite"/>
  </xsl:template>

  <xsl:template match="invite">
    <section class="form-card" aria-labelledby="inv-h">
      <h2 id="inv-h"><xsl:value-of select="rp:t('invite.title')"/></h2>
      <p class="hint">
        <xsl:call-template name="t"><xsl:with-param name="key" select="'invite.intro'"/><xsl:with-param name="n" select="@days"/></xsl:call-template>
      </p>
      <xsl:call-template name="form-error"><xsl:with-param name="key" select="@error"/></xsl:call-template>
      <form method="post" action="{$base}/settings/users" class="invite-form">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <div class="field">
          <label for="inv-email"><xsl:value-of select="rp:t('card.email')"/></label>
          <input type="email" id="inv-email" name="email" value="{@email}" required="required" maxlength="254" autocomplete="off"/>
        </div>
        <div class="field">
          <label for="inv-name"><xsl:value-of select="rp:t('ref.name')"/></label>
          <input type="text" id="inv-name" name="name" value="{@name}" required="required" maxlength="200" autocomplete="off"/>
        </div>
        <xsl:call-template name="role-choice">
          <xsl:with-param name="current" select="@role"/>
          <xsl:with-param name="prefix" select="'inv'"/>
        </xsl:call-template>
        <div class="field">
          <label for="inv-lang"><xsl:value-of select="rp:t('user.language')"/></label>
          <xsl:call-template name="lang-select">
            <xsl:with-param name="current" select="@lang"/>
            <xsl:with-param name="id" select="'inv-lang'"/>
          </xsl:call-template>
        </div>
        <xsl:call-template name="site-choice"><xsl:with-param name="prefix" select="'inv'"/></xsl:call-template>
        <div class="actions">
          <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('invite.submit')"/></button>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
