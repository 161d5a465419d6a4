<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/admin-forms.xsl: small parts of the referrer and settings forms.
    "form-error"    param key (a catalogue key), id: an alert with data-error
    "site-select"   params sites (<site id=>name</site> nodes), current
                    (a site id or ""), id, none (1: offer "no site")
    "lang-select"   params current ("", nl, en), id: "" is the
                    organisation's language
    "settings-nav"  the tabs of the settings pages (current: /page/@name)
    "role-choice"   params current, prefix: radio buttons "role"
    "site-choice"   param prefix; context holds <sites><site id= checked=>:
                    checkboxes site1..siteN whose values are site ids
  Imported by the referrer and settings pages after layout.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="form-error">
    <xsl:param name="key"/>
    <xsl:param name="id" select="'form-error'"/>
    <xsl:if test="string($key) != ''">
      <p class="form-error" id="{$id}" role="alert" data-error="{$key}">
        <xsl:value-of select="rp:t($key)"/>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template name="site-select">
    <xsl:param name="sites"/>
    <xsl:param name="current"/>
    <xsl:param name="id"/>
    <xsl:param name="none" select="1"/>
    <select id="{$id}" name="site">
      <xsl:if test="$none = 1">
        <option value=""><xsl:value-of select="rp:t('ref.no_site')"/></option>
      </xsl:if>
      <xsl:for-each select="$sites">
        <option value="{@id}">
          <xsl:if test="string(@id) = string($current)">
            <xsl:attribute name="selected">selected</xsl:attribute>
          </xsl:if>
          <xsl:value-of select="."/>
        </option>
      </xsl:for-each>
    </select>
  </xsl:template>

  <xsl:template name="lang-select">
    <xsl:param name="current"/>
    <xsl:param name="id"/>
    <select id="{$id}" name="lang">
      <option value=""><xsl:value-of select="rp:t('lang.default')"/></option>
      <option value="nl" lang="nl">
        <xsl:if test="$current = 'nl'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <xsl:value-of select="rp:t('lang.nl')"/>
      </option>
      <option value="en" lang="en">
        <xsl:if test="$current = 'en'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
        <xsl:value-of select="rp:t('lang.en')"/>
      </option>
    </select>
  </xsl:template>

  <xsl:template name="settings-nav">
    <nav class="subnav" aria-label="{rp:t('settings.nav')}">
      <ul>
        <xsl:call-template name="settings-tab"><xsl:with-param name="key" select="'settings'"/><xsl:with-param name="href" select="'/settings'"/></xsl:call-template>
        <xsl:call-template name="settings-tab"><xsl:with-param name="key" select="'settings-users'"/><xsl:with-param name="href" select="'/settings/users'"/></xsl:call-template>
        <xsl:call-template name="settings-tab"><xsl:with-param name="key" select="'settings-sites'"/><xsl:with-param name="href" select="'/settings/sites'"/></xsl:call-template>
        <xsl:call-template name="settings-tab"><xsl:with-param name="key" select="'settings-points'"/><xsl:with-param name="href" select="'/settings/points'"/></xsl:call-template>
        <xsl:call-template name="settings-tab"><xsl:with-param name="key" select="'settings-organisation'"/><xsl:with-param name="href" select="'/settings/organisation'"/></xsl:call-template>
        <xsl:call-template name="settings-tab"><xsl:with-param name="key" select="'settings-mail'"/><xsl:with-param name="href" select="'/settings/mail'"/></xsl:call-template>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="settings-tab">
    <xsl:param name="key"/>
    <xsl:param name="href"/>
    <li>
      <a href="{$base}{$href}">
        <xsl:if test="/page/@name = $key or (/page/@name = 'settings-user' and $key = 'settings-users')">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="rp:t(concat('page.', $key))"/>
      </a>
    </li>
  </xsl:template>

  <!-- Role radio buttons; context any, current "admin" or "recruiter" (default). -->
  <xsl:template name="role-choice">
    <xsl:param name="current"/>
    <xsl:param name="prefix"/>
    <fieldset class="choice">
      <legend><xsl:value-of select="rp:t('user.role')"/></legend>
      <label for="{$prefix}-role-r">
        <input type="radio" id="{$prefix}-role-r" name="role" value="recruiter">
          <xsl:if test="$current != 'admin'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <xsl:text> </xsl:text><xsl:value-of select="rp:t('role.recruiter')"/>
      </label>
      <label for="{$prefix}-role-a">
        <input type="radio" id="{$prefix}-role-a" name="role" value="admin">
          <xsl:if test="$current = 'admin'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <xsl:text> </xsl:text><xsl:value-of select="rp:t('role.admin')"/>
      </label>
    </fieldset>
  </xsl:template>

  <!-- Site checkboxes site1..siteN (value: the site id); context: has <sites>. -->
  <xsl:template name="site-choice">
    <xsl:param name="prefix"/>
    <xsl:if test="sites/site">
      <fieldset class="choice">
        <legend><xsl:value-of select="rp:t('user.sites')"/></legend>
        <p class="hint"><xsl:value-of select="rp:t('user.sites_hint')"/></p>
        <xsl:for-each select="sites/site">
          <label for="{$prefix}-site-{@id}">
            <input type="checkbox" id="{$prefix}-site-{@id}" name="site{position()}" value="{@id}">
              <xsl:if test="@checked = '1'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
            </input>
            <xsl:text> </xsl:text><xsl:value-of select="."/>
          </label>
        </xsl:for-each>
      </fieldset>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
