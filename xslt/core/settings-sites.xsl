<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings-sites.xsl: the page "settings-sites": each site in its own
  small form (POST {$base}/settings/sites/{id}: name, town, postcode,
  csrf) and a form to add one (POST {$base}/settings/sites).
  Input: <settings-sites error= error-id=><site id= town= postcode=
  referrers= vacancies=><name/></site>...<new name= town= postcode=/>
  </settings-sites>; error-id names the site a refused change was for.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <!-- Name, town and postcode fields; prefix makes the ids unique. -->
  <xsl:template name="site-fields">
    <xsl:param name="prefix"/>
    <xsl:param name="name"/>
    <xsl:param name="town"/>
    <xsl:param name="postcode"/>
    <div class="field">
      <label for="{$prefix}-name"><xsl:value-of select="rp:t('sites.name')"/></label>
      <input type="text" id="{$prefix}-name" name="name" value="{$name}" required="required" maxlength="200"/>
    </div>
    <div class="field">
      <label for="{$prefix}-town"><xsl:value-of select="rp:t('sites.town')"/></label>
      <input type="text" id="{$prefix}-town" name="town" value="{$town}" maxlength="100"/>
    </div>
    <div class="field">
      <label for="{$prefix}-pc"><xsl:value-of select="rp:t('card.postcode')"/></label>
      <input type="text" id="{$prefix}-pc" name="postcode" value="{$postcode}" maxlength="16"/>
    </div>
  </xsl:template>

  <xsl:template match="settings-sites" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.settings')"/></h1>
    </div>
    <xsl:call-template name="settings-nav"/>
    <h2><xsl:value-of select="rp:t('page.settings-sites')"/></h2>
    <xsl:if test="not(site)">
      <p class="empty-line"><xsl:value-of select="rp:t('sites.none')"/></p>
    </xsl:if>
    <xsl:for-each select="site">
      <form class="form-card site-form" method="post" action="{$base}/settings/sites/{@id}" data-site-id="{@id}">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <xsl:if test="string(../@error-id) = string(@id)">
          <xsl:call-template name="form-error">
            <xsl:with-param name="key" select="../@error"/>
            <xsl:with-param name="id" select="concat('site-error-', @id)"/>
          </xsl:call-template>
        </xsl:if>
        <div class="form-grid">
          <xsl:call-template name="site-fields">
            <xsl:with-param name="prefix" select="concat('s', @id)"/>
            <xsl:with-param name="name" select="name"/>
            <xsl:with-param name="town" select="@town"/>
            <xsl:with-param name="postcode" select="@postcode"/>
          </xsl:call-template>
          <div class="actions">
            <button type="submit" class="btn"><xsl:value-of select="rp:t('form.save')"/></button>
          </div>
        </div>
        <p class="hint">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'sites.usage'"/>
            <xsl:with-param name="n" select="@referrers"/>
            <xsl:with-param name="total" select="@vacancies"/>
          </xsl:call-template>
        </p>
      </form>
    </xsl:for-each>
    <section class="form-card" aria-labelledby="site-new-h">
      <h2 id="site-new-h"><xsl:value-of select="rp:t('sites.add')"/></h2>
      <xsl:if test="not(@error-id)">
        <xsl:call-template name="form-error"><xsl:with-param name="key" select="@error"/></xsl:call-template>
      </xsl:if>
      <form method="post" action="{$base}/settings/sites">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <div class="form-grid">
          <xsl:call-template name="site-fields">
            <xsl:with-param name="prefix" select="'new'"/>
            <xsl:with-param name="name" select="new/@name"/>
            <xsl:with-param name="town" select="new/@town"/>
            <xsl:with-param name="postcode" select="new/@postcode"/>
          </xsl:call-template>
          <div class="actions">
            <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('sites.add')"/></button>
          </div>
        </div>
      </form>
    </section>
  </xsl:template>

</xsl:stylesheet>
