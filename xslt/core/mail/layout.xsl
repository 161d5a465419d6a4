<?xml version="1.0" encoding="UTF-8"?>
<!--
  mail/layout.xsl: the one shell of every message the mailer sends.

  A mail template (mail/KIND.xsl, KIND = the outbox row's kind) imports
  this file and then ../../site/branding.xsl, and matches the payload's
  root in mode "content", writing a small neutral document:
      <subject>...</subject>      the Subject line (plain text)
      <p>...</p>                  a paragraph
      <h>...</h>                  a heading
      <button href="URL">label</button>   the message's main link
      <small>...</small>          fine print (privacy notice)
      <link href="URL">label</link>       a secondary link
  This file turns that into both parts the mailer needs:
      <message><subject/><text/><body><html>...</html></body></message>
  (mailer/template.c builds the MIME message from it).  Text in the
  message comes from the catalogues (l10n/LANG.xml, keys mail.*) through
  the template "mt", which fills the placeholders {org} {candidate}
  {vacancy} {referrer} {to} {outcome} {phone} {email} {retention}
  {inviter} {product} {points} {n}.

  The payload is the outbox row's <mail kind=...> document; the mailer
  adds @lang (the recipient's language), @url (public_url) and @to-name
  to its root before the transform.

  Hooks for site/branding.xsl (besides product-name and the colours of
  params.xsl, which apply to the HTML part):
    template "footer"            the site footer; also ends every message
    template "mail-footer"       HTML fine print at the end (default: footer)
    template "mail-footer-text"  its text-part twin (default: footer's text)
    template "mail-signature"    the sign-off under every message
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    xmlns:exsl="http://exslt.org/common"
    exclude-result-prefixes="rp exsl">

  <xsl:import href="../params.xsl"/>
  <xsl:import href="../l10n.xsl"/>

  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <!-- The recipient's language, set by the mailer. -->
  <xsl:param name="lang">
    <xsl:choose>
      <xsl:when test="/mail/@lang = 'nl'">nl</xsl:when>
      <xsl:otherwise>en</xsl:otherwise>
    </xsl:choose>
  </xsl:param>
  <!-- The portal's address for links (public_url), no trailing slash. -->
  <xsl:param name="mail-url" select="string(/mail/@url)"/>

  <!-- Hooks (see above); "footer" and "logo" are the page layout's. -->
  <xsl:template name="footer"/>
  <xsl:template name="logo"/>
  <xsl:template name="mail-footer">
    <xsl:call-template name="footer"/>
  </xsl:template>
  <xsl:template name="mail-footer-text">
    <xsl:variable name="f"><xsl:call-template name="footer"/></xsl:variable>
    <xsl:value-of select="normalize-space($f)"/>
  </xsl:template>
  <xsl:template name="mail-signature">
    <xsl:value-of select="rp:t('mail.regards')"/>
    <br/>
    <xsl:choose>
      <xsl:when test="/mail/org != ''"><xsl:value-of select="/mail/org"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$product-name"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The placeholders' values, as attributes for template "t". -->
  <xsl:variable name="vars-rtf">
    <v org="{/mail/org}" candidate="{/mail/candidate}" vacancy="{/mail/vacancy}"
       referrer="{/mail/referrer}" to="{/mail/@to-name}"
       outcome="{rp:t(concat('outcome.', /mail/outcome/@key))}"
       phone="{/mail/candidate/@phone}" email="{/mail/candidate/@email}"
       retention="{/mail/privacy/@retention}" inviter="{/mail/inviter}"
       product="{$product-name}"/>
  </xsl:variable>
  <xsl:variable name="vars" select="exsl:node-set($vars-rtf)/v/@*"/>

  <!-- A catalogue string with its placeholders filled. -->
  <xsl:template name="mt">
    <xsl:param name="key"/>
    <xsl:param name="n"/>
    <xsl:call-template name="t">
      <xsl:with-param name="key" select="$key"/>
      <xsl:with-param name="n" select="$n"/>
      <xsl:with-param name="points" select="/mail/outcome/@points"/>
      <!-- {to} and {referrer} are named parameters of "t" (which come
           before its vars). -->
      <xsl:with-param name="to" select="string(/mail/@to-name)"/>
      <xsl:with-param name="referrer" select="string(/mail/referrer)"/>
      <xsl:with-param name="vars" select="$vars"/>
    </xsl:call-template>
  </xsl:template>

  <!-- Content blocks from a key, for the mail templates: <p>, <small>, <h>. -->
  <xsl:template name="p">
    <xsl:param name="key"/>
    <xsl:param name="n"/>
    <p><xsl:call-template name="mt">
      <xsl:with-param name="key" select="$key"/>
      <xsl:with-param name="n" select="$n"/>
    </xsl:call-template></p>
  </xsl:template>
  <xsl:template name="small">
    <xsl:param name="key"/>
    <small><xsl:call-template name="mt">
      <xsl:with-param name="key" select="$key"/>
    </xsl:call-template></small>
  </xsl:template>
  <xsl:template name="h">
    <xsl:param name="key"/>
    <h><xsl:call-template name="mt">
      <xsl:with-param name="key" select="$key"/>
    </xsl:call-template></h>
  </xsl:template>
  <xsl:template name="subject">
    <xsl:param name="key"/>
    <subject><xsl:call-template name="mt">
      <xsl:with-param name="key" select="$key"/>
    </xsl:call-template></subject>
  </xsl:template>

  <!-- A link into the portal: $mail-url followed by path. -->
  <xsl:template name="portal-link">
    <xsl:param name="path"/>
    <xsl:value-of select="concat($mail-url, $path)"/>
  </xsl:template>

  <!-- The whole message. -->
  <xsl:template match="/">
    <xsl:variable name="c-rtf">
      <xsl:apply-templates select="mail" mode="content"/>
    </xsl:variable>
    <xsl:variable name="c" select="exsl:node-set($c-rtf)"/>
    <xsl:variable name="signature-rtf"><xsl:call-template name="mail-signature"/></xsl:variable>
    <message>
      <subject><xsl:value-of select="normalize-space($c/subject)"/></subject>
      <text>
        <xsl:call-template name="greeting"/>
        <xsl:text>&#10;&#10;</xsl:text>
        <xsl:apply-templates select="$c/*[not(self::subject)]" mode="text"/>
        <xsl:apply-templates select="exsl:node-set($signature-rtf)/node()" mode="text-inline"/>
        <xsl:text>&#10;&#10;-- &#10;</xsl:text>
        <xsl:call-template name="mt"><xsl:with-param name="key" select="'mail.auto'"/></xsl:call-template>
        <xsl:text>&#10;</xsl:text>
        <xsl:call-template name="mail-footer-text"/>
        <xsl:text>&#10;</xsl:text>
      </text>
      <body>
        <html lang="{$lang}">
          <head>
            <meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title><xsl:value-of select="normalize-space($c/subject)"/></title>
          </head>
          <body style="margin:0;padding:0;background:#f4f5f7;">
            <div style="max-width:600px;margin:0 auto;padding:16px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1d2330;">
              <div style="padding:12px 16px;background:{$mail-colour-header};color:{$mail-colour-header-text};font-weight:bold;font-size:18px;">
                <xsl:call-template name="logo"/>
                <xsl:value-of select="$product-name"/>
              </div>
              <div style="padding:16px;background:#ffffff;">
                <p><xsl:call-template name="greeting"/></p>
                <xsl:apply-templates select="$c/*[not(self::subject)]" mode="html"/>
                <p><xsl:copy-of select="$signature-rtf"/></p>
              </div>
              <div style="padding:8px 16px;font-size:13px;color:#555b66;">
                <p>
                  <xsl:call-template name="mt"><xsl:with-param name="key" select="'mail.auto'"/></xsl:call-template>
                </p>
                <xsl:call-template name="mail-footer"/>
              </div>
            </div>
          </body>
        </html>
      </body>
    </message>
  </xsl:template>

  <!-- Colours of the HTML part (mail clients ignore the site's CSS file,
       so they are inline).  Override them in site/branding.xsl. -->
  <xsl:param name="mail-colour-header" select="'#12324f'"/>       <!-- header bar background -->
  <xsl:param name="mail-colour-header-text" select="'#ffffff'"/>  <!-- header bar text -->
  <xsl:param name="mail-colour-accent" select="'#0b5cad'"/>       <!-- the button -->
  <xsl:param name="mail-colour-accent-text" select="'#ffffff'"/>  <!-- text on the button -->

  <xsl:template name="greeting">
    <xsl:choose>
      <xsl:when test="normalize-space(/mail/@to-name) != ''">
        <xsl:call-template name="mt"><xsl:with-param name="key" select="'mail.hello'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="rp:t('mail.hello_anon')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Text part: blocks separated by blank lines (mailer wraps long lines). -->
  <xsl:template match="p | h | small" mode="text">
    <xsl:value-of select="normalize-space(.)"/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="button | link" mode="text">
    <xsl:value-of select="normalize-space(.)"/>
    <xsl:text>:&#10;</xsl:text>
    <xsl:value-of select="@href"/>
    <xsl:text>&#10;&#10;</xsl:text>
  </xsl:template>
  <xsl:template match="br" mode="text-inline"><xsl:text>&#10;</xsl:text></xsl:template>
  <xsl:template match="text()" mode="text-inline"><xsl:value-of select="."/></xsl:template>
  <xsl:template match="*" mode="text-inline"><xsl:apply-templates mode="text-inline"/></xsl:template>

  <!-- HTML part. -->
  <xsl:template match="p" mode="html">
    <p style="margin:0 0 16px 0;"><xsl:value-of select="."/></p>
  </xsl:template>
  <xsl:template match="h" mode="html">
    <h2 style="margin:24px 0 8px 0;font-size:17px;"><xsl:value-of select="."/></h2>
  </xsl:template>
  <xsl:template match="small" mode="html">
    <p style="margin:0 0 12px 0;font-size:14px;color:#444a55;"><xsl:value-of select="."/></p>
  </xsl:template>
  <xsl:template match="button" mode="html">
    <p style="margin:24px 0;">
      <a href="{@href}" style="display:inline-block;padding:10px 18px;background:{$mail-colour-accent};color:{$mail-colour-accent-text};text-decoration:none;font-weight:bold;border-radius:4px;">
        <xsl:value-of select="."/>
      </a>
    </p>
  </xsl:template>
  <xsl:template match="link" mode="html">
    <p style="margin:0 0 12px 0;font-size:14px;"><a href="{@href}"><xsl:value-of select="."/></a></p>
  </xsl:template>

</xsl:stylesheet>
