<?xml version="1.0" encoding="UTF-8"?>
<!--
  layout.xsl: the one HTML shell of every page.

  A page stylesheet (core/NAME.xsl) imports this file and then
  ../site/branding.xsl, and matches its own element in mode "page":
      <xsl:template match="candidates" mode="page">...</xsl:template>
  This file owns <html>, <head>, the header with the user menu, the left
  menu, the flash message, the admin-only "broken stylesheet" banner and
  the footer.

  Hooks for site/branding.xsl (all empty or plain by default):
    template "head-extra"   extra elements at the end of <head>
    template "logo"         before the product name in the header
    template "footer"       content of the footer
    template "lang-switch"  the language form in the user menu
    template "page-title"   the first part of <title>
  and every parameter in params.xsl.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="params.xsl"/>
  <xsl:import href="l10n.xsl"/>
  <xsl:import href="com/icons.xsl"/>
  <xsl:import href="com/date.xsl"/>
  <xsl:import href="com/pagination.xsl"/>
  <xsl:import href="com/filter-form.xsl"/>
  <xsl:import href="com/progress.xsl"/>
  <xsl:import href="com/contact-card.xsl"/>
  <xsl:import href="com/candidate-list.xsl"/>
  <xsl:import href="com/outcomes.xsl"/>

  <!-- HTML5: <!DOCTYPE html SYSTEM "about:legacy-compat"> is the form an
       XSLT 1.0 processor can write; HTML5 accepts it.  The programs write
       "<!DOCTYPE html>" and the page through their own HTML5 writer
       (lib/htmlsave.c): two thirds of the time of libxml2's XHTML
       writer, a third of its HTML one. -->
  <xsl:output method="html" encoding="UTF-8" indent="no"
      doctype-system="about:legacy-compat"/>

  <!-- Which left-menu entry the page belongs to. -->
  <xsl:variable name="section">
    <xsl:variable name="n" select="string(/page/@name)"/>
    <xsl:choose>
      <xsl:when test="$n = 'archive'">archive</xsl:when>
      <xsl:when test="starts-with($n, 'candidate')">candidates</xsl:when>
      <xsl:when test="starts-with($n, 'vacanc')">vacancies</xsl:when>
      <xsl:when test="starts-with($n, 'referrer')">referrers</xsl:when>
      <xsl:when test="starts-with($n, 'setting')">settings</xsl:when>
    </xsl:choose>
  </xsl:variable>

  <!-- Hooks: override in site/branding.xsl. -->
  <xsl:template name="head-extra"/>
  <xsl:template name="footer"/>
  <xsl:template name="logo">
    <xsl:if test="$logo-url != ''">
      <img class="logo" src="{$logo-url}" alt="{$logo-alt}"/>
    </xsl:if>
  </xsl:template>
  <!-- The language switch: a POST form to /language that comes back to
       this page.  A site that offers one language only can override it
       with an empty template. -->
  <xsl:template name="lang-switch">
    <form class="lang" method="post" action="{$base}/language">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <input type="hidden" name="next">
        <xsl:attribute name="value">
          <xsl:value-of select="$path"/>
          <xsl:if test="$qs != ''">?<xsl:value-of select="$qs"/></xsl:if>
        </xsl:attribute>
      </input>
      <label class="sr-only" for="lang-select"><xsl:value-of select="rp:t('user.language')"/></label>
      <select id="lang-select" name="lang">
        <option value="nl" lang="nl">
          <xsl:if test="$lang = 'nl'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="rp:t('lang.nl')"/>
        </option>
        <option value="en" lang="en">
          <xsl:if test="$lang = 'en'"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if>
          <xsl:value-of select="rp:t('lang.en')"/>
        </option>
      </select>
      <button type="submit" class="btn btn-quiet"><xsl:value-of select="rp:t('lang.submit')"/></button>
    </form>
  </xsl:template>
  <xsl:template name="page-title">
    <xsl:value-of select="rp:t(concat('page.', /page/@name))"/>
  </xsl:template>

  <xsl:template match="/">
    <html lang="{$lang}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>
          <xsl:call-template name="page-title"/>
          <xsl:text> – </xsl:text>
          <xsl:value-of select="$product-name"/>
        </title>
        <link rel="stylesheet" href="{$static}/refportal.css"/>
        <xsl:if test="$site-css != ''">
          <link rel="stylesheet" href="{$site-css}"/>
        </xsl:if>
        <xsl:call-template name="head-extra"/>
      </head>
      <body data-page="{/page/@name}">
        <a class="skip-link" href="#main"><xsl:value-of select="rp:t('skip')"/></a>
        <xsl:call-template name="icon-sprite"/>
        <header class="topbar">
          <div class="brand">
            <xsl:call-template name="logo"/>
            <span class="product"><xsl:value-of select="$product-name"/></span>
            <xsl:if test="/page/org">
              <span class="org"><xsl:value-of select="/page/org/@name"/></span>
            </xsl:if>
          </div>
          <xsl:apply-templates select="/page/user"/>
        </header>
        <div class="frame">
          <xsl:if test="/page/user">
            <xsl:call-template name="menu"/>
          </xsl:if>
          <main id="main" class="content">
            <xsl:apply-templates select="/page/broken"/>
            <xsl:apply-templates select="/page/flash"/>
            <xsl:apply-templates select="/page/*" mode="page"/>
          </main>
        </div>
        <footer class="site-footer">
          <xsl:call-template name="footer"/>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- The left menu. -->
  <xsl:template name="menu">
    <nav class="sidebar" aria-label="{rp:t('nav.label')}">
      <ul class="menu">
        <xsl:call-template name="menu-item"><xsl:with-param name="key" select="'candidates'"/></xsl:call-template>
        <xsl:call-template name="menu-item"><xsl:with-param name="key" select="'archive'"/></xsl:call-template>
        <xsl:call-template name="menu-item"><xsl:with-param name="key" select="'vacancies'"/></xsl:call-template>
        <xsl:call-template name="menu-item"><xsl:with-param name="key" select="'referrers'"/></xsl:call-template>
        <!-- Only administrators reach the settings. -->
        <xsl:if test="/page/user/@role = 'admin'">
          <xsl:call-template name="menu-item"><xsl:with-param name="key" select="'settings'"/></xsl:call-template>
        </xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <xsl:template name="menu-item">
    <xsl:param name="key"/>
    <li>
      <a href="{$base}/{$key}" data-menu="{$key}">
        <xsl:if test="$section = $key">
          <xsl:attribute name="aria-current">page</xsl:attribute>
        </xsl:if>
        <xsl:value-of select="rp:t(concat('nav.', $key))"/>
      </a>
    </li>
  </xsl:template>

  <!-- The user menu: name, language, sign-out (a POST form). -->
  <xsl:template match="user">
    <div class="usermenu">
      <span class="user-name">
        <span class="sr-only"><xsl:value-of select="rp:t('user.signed_in_as')"/>: </span>
        <xsl:value-of select="@name"/>
      </span>
      <xsl:call-template name="lang-switch"/>
      <form class="logout" method="post" action="{$base}/logout">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <button type="submit" class="btn btn-quiet"><xsl:value-of select="rp:t('logout')"/></button>
      </form>
    </div>
  </xsl:template>

  <!-- The message after an action: <flash kind= key= name= referrer=
       points= date=/>; every attribute but kind and key fills the
       {placeholder} of the same name (a date is written for people). -->
  <xsl:template match="flash">
    <div class="flash flash-{@kind}" data-flash="{@kind}">
      <xsl:attribute name="role">
        <xsl:choose>
          <xsl:when test="@kind = 'error'">alert</xsl:when>
          <xsl:otherwise>status</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <p>
        <xsl:call-template name="t">
          <xsl:with-param name="key" select="@key"/>
          <xsl:with-param name="name" select="@name"/>
          <xsl:with-param name="referrer" select="@referrer"/>
          <xsl:with-param name="points" select="@points"/>
          <xsl:with-param name="date">
            <xsl:if test="@date">
              <xsl:variable name="d">
                <xsl:call-template name="date"><xsl:with-param name="value" select="@date"/></xsl:call-template>
              </xsl:variable>
              <xsl:value-of select="$d"/>
            </xsl:if>
          </xsl:with-param>
          <xsl:with-param name="vars" select="@*[name() != 'kind' and name() != 'key']"/>
        </xsl:call-template>
      </p>
    </div>
  </xsl:template>

  <!-- Admins only: a stylesheet edit that does not compile.  Either
       <broken file= line=>message</broken> or <broken>file:line: message</broken>. -->
  <xsl:template match="broken">
    <div class="broken" role="alert" data-broken="{@file}">
      <xsl:if test="not(@file)">
        <xsl:attribute name="data-broken">
          <xsl:value-of select="substring-before(., ':')"/>
        </xsl:attribute>
      </xsl:if>
      <p><strong><xsl:value-of select="rp:t('broken.title')"/></strong></p>
      <p>
        <xsl:choose>
          <xsl:when test="@file">
            <code>
              <xsl:value-of select="@file"/>
              <xsl:if test="@line">:<xsl:value-of select="@line"/></xsl:if>
            </code>
            <xsl:text> </xsl:text>
            <xsl:value-of select="."/>
          </xsl:when>
          <xsl:otherwise>
            <code><xsl:value-of select="."/></code>
          </xsl:otherwise>
        </xsl:choose>
      </p>
    </div>
  </xsl:template>

  <!-- Page content: each page matches its own element in this mode. -->
  <xsl:template match="*" mode="page"/>

</xsl:stylesheet>
