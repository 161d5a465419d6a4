<?xml version="1.0" encoding="UTF-8"?>
<!--
  login.xsl: the sign-in page.
  Input: <login email= next= error=/> (docs/page-xml.md); error is a
  catalogue key.  Posts email, password, next and csrf to {$base}/login.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="login" mode="page">
    <div class="login-box">
      <h1><xsl:value-of select="rp:t('login.title')"/></h1>
      <p class="intro"><xsl:value-of select="rp:t('login.intro')"/></p>
      <xsl:if test="@error and @error != ''">
        <p class="form-error" id="login-error" role="alert" data-error="{@error}">
          <xsl:value-of select="rp:t(@error)"/>
        </p>
      </xsl:if>
      <form class="login-form" method="post" action="{$base}/login">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <input type="hidden" name="next" value="{@next}"/>
        <div class="field">
          <label for="login-email"><xsl:value-of select="rp:t('login.email')"/></label>
          <input type="email" id="login-email" name="email" value="{@email}"
                 autocomplete="username" required="required" maxlength="254">
            <xsl:if test="@error and @error != ''">
              <xsl:attribute name="aria-describedby">login-error</xsl:attribute>
            </xsl:if>
          </input>
        </div>
        <div class="field">
          <label for="login-password"><xsl:value-of select="rp:t('login.password')"/></label>
          <input type="password" id="login-password" name="password"
                 autocomplete="current-password" required="required" maxlength="256"/>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-primary"><xsl:value-of select="rp:t('login.submit')"/></button>
        </div>
      </form>
    </div>
  </xsl:template>

</xsl:stylesheet>
