<?xml version="1.0" encoding="UTF-8"?>
<!--
  settings-mail.xsl: the page "settings-mail": messages that failed (with
  the reason and a button that sends one again: POST
  {$base}/settings/mail/{id}/retry with csrf) and those still waiting.
  Input: <mail><message id= kind= recipient= recipient-name= status=
  attempts= created= due=><error/></message>...</mail>
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="mail" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.settings')"/></h1>
    </div>
    <xsl:call-template name="settings-nav"/>
    <h2><xsl:value-of select="rp:t('page.settings-mail')"/></h2>
    <p class="hint"><xsl:value-of select="rp:t('mailq.intro')"/></p>
    <xsl:choose>
      <xsl:when test="message">
        <table class="cands mailq">
          <caption class="sr-only"><xsl:value-of select="rp:t('page.settings-mail')"/></caption>
          <thead>
            <tr>
              <th scope="col"><xsl:value-of select="rp:t('mailq.recipient')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('mailq.kind')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('mailq.status')"/></th>
              <th scope="col"><xsl:value-of select="rp:t('mailq.when')"/></th>
            </tr>
          </thead>
          <tbody>
            <xsl:for-each select="message">
              <tr data-message-id="{@id}" data-status="{@status}">
                <td data-label="{rp:t('mailq.recipient')}">
                  <xsl:value-of select="@recipient-name"/>
                  <xsl:if test="@recipient-name != ''"><xsl:text> </xsl:text></xsl:if>
                  <span class="muted">&lt;<xsl:value-of select="@recipient"/>&gt;</span>
                </td>
                <td data-label="{rp:t('mailq.kind')}"><xsl:value-of select="rp:t(concat('mailq.kind.', @kind))"/></td>
                <td data-label="{rp:t('mailq.status')}">
                  <strong><xsl:value-of select="rp:t(concat('mailq.status.', @status))"/></strong>
                  <xsl:if test="string(error) != ''">
                    <div class="hint"><xsl:value-of select="error"/></div>
                  </xsl:if>
                  <xsl:if test="@status = 'failed'">
                    <form method="post" action="{$base}/settings/mail/{@id}/retry">
                      <input type="hidden" name="csrf" value="{$csrf}"/>
                      <button type="submit" class="btn btn-quiet"><xsl:value-of select="rp:t('mailq.retry')"/></button>
                    </form>
                  </xsl:if>
                </td>
                <td data-label="{rp:t('mailq.when')}">
                  <xsl:call-template name="date"><xsl:with-param name="value" select="@created"/></xsl:call-template>
                  <xsl:if test="@status != 'failed'">
                    <div class="hint">
                      <xsl:value-of select="rp:t('mailq.due')"/>
                      <xsl:text> </xsl:text>
                      <xsl:call-template name="date"><xsl:with-param name="value" select="@due"/></xsl:call-template>
                    </div>
                  </xsl:if>
                </td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </xsl:when>
      <xsl:otherwise>
        <p class="empty-line" data-empty="1"><xsl:value-of select="rp:t('mailq.none')"/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
</xsl:stylesheet>
