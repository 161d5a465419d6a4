<?xml version="1.0" encoding="UTF-8"?>
<!--
  referrers-import.xsl: the page "referrers-import" (referrers from CSV).
  Input: <referrers-import step="form|preview" total= good= bad= more=
  header= max-rows=><csv/><row line= status= error= dup-line=>
  <name/><email/><phone/><site id=/></row>...</referrers-import>.
  Step "form": a textarea "csv" posted with step=preview.  Step
  "preview": each line with its error (data-line, data-status), and a
  confirm form that posts the same text back with step=confirm.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:import href="layout.xsl"/>
  <xsl:import href="com/admin-forms.xsl"/>
  <xsl:import href="../site/branding.xsl"/>

  <xsl:template match="referrers-import" mode="page">
    <div class="page-head">
      <h1><xsl:value-of select="rp:t('page.referrers-import')"/></h1>
    </div>

    <xsl:if test="@step = 'preview'">
      <section class="import-preview" aria-labelledby="imp-prev-h">
        <h2 id="imp-prev-h"><xsl:value-of select="rp:t('import.preview')"/></h2>
        <p class="import-summary" data-good="{@good}" data-bad="{@bad}">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'import.summary'"/>
            <xsl:with-param name="n" select="@good"/>
            <xsl:with-param name="total" select="@total"/>
          </xsl:call-template>
        </p>
        <xsl:if test="@more = '1'">
          <p class="form-error" role="alert" data-error="import.too_many">
            <xsl:call-template name="t">
              <xsl:with-param name="key" select="'import.too_many'"/>
              <xsl:with-param name="n" select="@max-rows"/>
            </xsl:call-template>
          </p>
        </xsl:if>
        <xsl:if test="row">
          <xsl:variable name="L-line" select="rp:t('import.line')"/>
          <xsl:variable name="L-name" select="rp:t('col.name')"/>
          <xsl:variable name="L-email" select="rp:t('card.email')"/>
          <xsl:variable name="L-phone" select="rp:t('card.phone')"/>
          <xsl:variable name="L-site" select="rp:t('filter.site')"/>
          <xsl:variable name="L-result" select="rp:t('import.result')"/>
          <table class="cands import-rows">
            <caption class="sr-only"><xsl:value-of select="rp:t('import.preview')"/></caption>
            <thead>
              <tr>
                <th scope="col"><xsl:value-of select="$L-line"/></th>
                <th scope="col"><xsl:value-of select="$L-name"/></th>
                <th scope="col"><xsl:value-of select="$L-email"/></th>
                <th scope="col"><xsl:value-of select="$L-phone"/></th>
                <th scope="col"><xsl:value-of select="$L-site"/></th>
                <th scope="col"><xsl:value-of select="$L-result"/></th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="row">
                <tr class="imp-{@status}" data-line="{@line}" data-status="{@status}" data-error="{@error}">
                  <td data-label="{$L-line}"><xsl:value-of select="@line"/></td>
                  <td data-label="{$L-name}"><xsl:value-of select="name"/></td>
                  <td data-label="{$L-email}"><xsl:value-of select="email"/></td>
                  <td data-label="{$L-phone}"><xsl:value-of select="phone"/></td>
                  <td data-label="{$L-site}"><xsl:value-of select="site"/></td>
                  <td data-label="{$L-result}">
                    <xsl:choose>
                      <xsl:when test="@status = 'ok'">
                        <span class="status status-complete"><xsl:value-of select="rp:t('import.ok')"/></span>
                      </xsl:when>
                      <xsl:otherwise>
                        <span class="imp-error">
                          <xsl:call-template name="t">
                            <xsl:with-param name="key" select="@error"/>
                            <xsl:with-param name="n" select="@dup-line"/>
                          </xsl:call-template>
                        </span>
                      </xsl:otherwise>
                    </xsl:choose>
                  </td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:if>
        <xsl:if test="number(@good) &gt; 0 and not(@more = '1')">
          <form class="import-confirm" method="post" action="{$base}/referrers/import">
            <input type="hidden" name="csrf" value="{$csrf}"/>
            <input type="hidden" name="step" value="confirm"/>
            <input type="hidden" name="csv" value="{csv}"/>
            <div class="actions">
              <button type="submit" class="btn btn-primary">
                <xsl:call-template name="t">
                  <xsl:with-param name="key" select="'import.confirm'"/>
                  <xsl:with-param name="n" select="@good"/>
                </xsl:call-template>
              </button>
            </div>
          </form>
        </xsl:if>
      </section>
    </xsl:if>

    <form class="form-card import-form" method="post" action="{$base}/referrers/import">
      <input type="hidden" name="csrf" value="{$csrf}"/>
      <input type="hidden" name="step" value="preview"/>
      <div class="field">
        <label for="imp-csv"><xsl:value-of select="rp:t('import.label')"/></label>
        <textarea id="imp-csv" name="csv" rows="10" spellcheck="false" aria-describedby="imp-csv-hint" required="required">
          <xsl:value-of select="csv"/>
        </textarea>
        <span class="hint" id="imp-csv-hint">
          <xsl:call-template name="t">
            <xsl:with-param name="key" select="'import.hint'"/>
            <xsl:with-param name="n" select="@max-rows"/>
          </xsl:call-template>
        </span>
      </div>
      <div class="actions">
        <button type="submit" class="btn">
          <xsl:if test="@step = 'form'"><xsl:attribute name="class">btn btn-primary</xsl:attribute></xsl:if>
          <xsl:value-of select="rp:t('import.check')"/>
        </button>
        <a class="btn btn-quiet" href="{$base}/referrers"><xsl:value-of select="rp:t('form.cancel')"/></a>
      </div>
    </form>
  </xsl:template>

</xsl:stylesheet>
