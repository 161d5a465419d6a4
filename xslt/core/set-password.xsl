<?xml version="1.0" encoding="UTF-8"?>
<!--
  set-password.xsl: the page "set-password" (public): a new user chooses
  a password through the link of their invitation.
  Input: <set-password state="form|invalid" token= email= error=/>; error
  is a catalogue key.  The form posts t, password, password2 and csrf to
  {$base}/set-password.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="set-password" mode="page">
    <div class="login-box" data-state="{@state}">
      <h1><xsl:value-of select="rp:t('page.set-password')"/></h1>
      <xsl:choose>
        <xsl:when test="@state = 'form'">
          <p class="intro">
            <xsl:call-template name="t">
              <xsl:with-param name="key" select="'setpw.intro'"/>
              <xsl:with-param name="name" select="@email"/>
            </xsl:call-template>
          </p>
          <xsl:if test="@error and @error != ''">
            <p class="form-error" id="setpw-error" role="alert" data-error="{@error}">
              <xsl:value-of select="rp:t(@error)"/>
            </p>
          </xsl:if>
          <form class="login-form" method="post" action="{$base}/set-password">
            <input type="hidden" name="csrf" value="{$csrf}"/>
            <input type="hidden" name="t" value="{@token}"/>
            <div class="field">
              <label for="setpw-1"><xsl:value-of select="rp:t('setpw.password')"/></label>
              <input type="password" id="setpw-1" name="password" autocomplete="new-password"
                     required="required" minlength="8" maxlength="256" aria-describedby="setpw-hint"/>
              <span class="hint" id="setpw-hint"><xsl:value-of select="rp:t('setpw.hint')"/></span>
            </div>
            <div class="field">
              <label for="setpw-2"><xsl:value-of select="rp:t('setpw.password2')"/></label>
              <input type="password" id="setpw-2" name="password2" autocomplete="new-password"
                     required="required" minlength="8" maxlength="256"/>
            </div>
            <div class="actions">
              <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('setpw.submit')"/></button>
            </div>
          </form>
        </xsl:when>
        <xsl:otherwise>
          <p class="intro" data-error="setpw.invalid"><xsl:value-of select="rp:t('setpw.invalid')"/></p>
          <p><a href="{$base}/login"><xsl:value-of select="rp:t('error.login')"/></a></p>
        </xsl:otherwise>
      </xsl:choose>
    </div>
  </xsl:template>

</xsl:stylesheet>
