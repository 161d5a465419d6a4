<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings.xsl: the page "settings" (admins only): what each settings
  page holds, with the current values.
  Input: <settings users= sites= contact-target-hours= retention-days=/>.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="settings" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.settings')"/></h1>
    </div>
    <xsl:call-template name="settings-nav"/>
    <ul class="settings-cards">
      <li>
        <h2><a href="{$base}/settings/users"><xsl:value-of select="rp:t('page.settings-users')"/></a></h2>
        <p><xsl:call-template name="t"><xsl:with-param name="key" select="'settings.users_intro'"/><xsl:with-param name="n" select="@users"/></xsl:call-template></p>
      </li>
      <li>
        <h2><a href="{$base}/settings/sites"><xsl:value-of select="rp:t('page.settings-sites')"/></a></h2>
        <p><xsl:call-template name="t"><xsl:with-param name="key" select="'settings.sites_intro'"/><xsl:with-param name="n" select="@sites"/></xsl:call-template></p>
      </li>
      <li>
        <h2><a href="{$base}/settings/points"><xsl:value-of select="rp:t('page.settings-points')"/></a></h2>
        <p><xsl:value-of select="rp:t('settings.points_intro')"/></p>
      </li>
      <li>
        <h2><a href="{$base}/settings/organisation"><xsl:value-of select="rp:t('page.settings-organisation')"/></a></h2>
        <p>
          <xsl:call-template name="t"><xsl:with-param name="key" select="'settings.org_intro'"/>
            <xsl:with-param name="hours" select="@contact-target-hours"/>
            <xsl:with-param name="n" select="@retention-days"/>
          </xsl:call-template>
        </p>
      </li>
    </ul>
  </xsl:template>

</xsl:stylesheet>
