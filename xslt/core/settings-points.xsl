<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings-points.xsl: the page "settings-points": the points a referrer
  earns for each milestone's green outcome.  POST {$base}/settings/points
  with p{pos} for every milestone (0..max) and csrf.
  Input: <settings-points max= error=><milestone pos= key= points=/>...
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="settings-points" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.settings')"/></h1>
    </div>
    <xsl:call-template name="settings-nav"/>
    <h2><xsl:value-of select="rp:t('page.settings-points')"/></h2>
    <p class="hint"><xsl:value-of select="rp:t('points.intro')"/></p>
    <xsl:call-template name="form-error"><xsl:with-param name="key" select="@error"/></xsl:call-template>
    <form class="form-card" method="post" action="{$base}/settings/points">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <div class="form-grid">
        <xsl:for-each select="milestone">
          <div class="field" data-milestone="{@key}">
            <label for="p{@pos}"><xsl:value-of select="rp:t(concat('milestone.', @key))"/></label>
            <input type="number" id="p{@pos}" name="p{@pos}" value="{@points}" min="0" max="{../@max}" step="1" required="required" inputmode="numeric"/>
          </div>
        </xsl:for-each>
      </div>
      <div class="actions">
        <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('form.save')"/></button>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
