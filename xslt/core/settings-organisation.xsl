<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings-organisation.xsl: the page "settings-organisation": the
  first-contact target (hours) and how long candidate data is kept
  (days).  POST {$base}/settings/organisation with contact_target_hours
  (1..720), retention_days (1..3650) and csrf.
  Input: <settings-organisation contact-target-hours= retention-days=
  locale= error=/>.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="settings-organisation" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.settings')"/></h1>
    </div>
    <xsl:call-template name="settings-nav"/>
    <h2><xsl:value-of select="rp:t('page.settings-organisation')"/></h2>
    <xsl:call-template name="form-error"><xsl:with-param name="key" select="@error"/></xsl:call-template>
    <form class="form-card" method="post" action="{$base}/settings/organisation">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <div class="field">
        <label for="o-target"><xsl:value-of select="rp:t('org.target')"/></label>
        <input type="number" id="o-target" name="contact_target_hours" value="{@contact-target-hours}"
               min="1" max="720" step="1" required="required" inputmode="numeric" aria-describedby="o-target-hint"/>
        <span class="hint" id="o-target-hint"><xsl:value-of select="rp:t('org.target_hint')"/></span>
      </div>
      <div class="field">
        <label for="o-retention"><xsl:value-of select="rp:t('org.retention')"/></label>
        <input type="number" id="o-retention" name="retention_days" value="{@retention-days}"
               min="1" max="3650" step="1" required="required" inputmode="numeric" aria-describedby="o-retention-hint"/>
        <span class="hint" id="o-retention-hint"><xsl:value-of select="rp:t('org.retention_hint')"/></span>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('form.save')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
