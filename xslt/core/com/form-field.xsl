<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/form-field.xsl: one labelled form field with its mistake shown next
  to it, for the forms that keep what was typed (apply, vacancy, new
  candidate).

  Template "form-field", params:
    name       the field name (and, prefixed with "f-", its id)
    label      the label text
    value      what the field holds
    type       text (default), email, tel, date, textarea
    required   1: required (a "required" mark is part of the label)
    max        maxlength ("" for none)
    auto       autocomplete value ("" for none)
    hint       a hint under the field ("" for none)
    min-date, max-date   min and max of a date field ("" for none)
    errors     the <error field= key=/> elements of the form
  A field with a mistake gets aria-invalid and aria-describedby pointing
  at <p class="field-error" id="err-NAME" data-error="KEY">.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="form-field">
    <xsl:param name="name"/>
    <xsl:param name="label"/>
    <xsl:param name="value"/>
    <xsl:param name="type" select="'text'"/>
    <xsl:param name="required" select="0"/>
    <xsl:param name="max" select="''"/>
    <xsl:param name="auto" select="''"/>
    <xsl:param name="hint" select="''"/>
    <xsl:param name="min-date" select="''"/>
    <xsl:param name="max-date" select="''"/>
    <xsl:param name="errors" select="/.."/>
    <xsl:variable name="err" select="$errors[@field = $name][1]"/>
    <div class="field field-{$name}">
      <xsl:if test="$err"><xsl:attribute name="class">field field-<xsl:value-of select="$name"/> has-error</xsl:attribute></xsl:if>
      <label for="f-{$name}">
        <xsl:value-of select="$label"/>
        <xsl:if test="$required = 1">
          <span class="req"><xsl:text> </xsl:text><xsl:value-of select="rp:t('form.required')"/></span>
        </xsl:if>
      </label>
      <xsl:choose>
        <xsl:when test="$type = 'textarea'">
          <textarea id="f-{$name}" name="{$name}" rows="4">
            <xsl:call-template name="form-field-attrs">
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="err" select="$err"/>
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="max" select="$max"/>
              <xsl:with-param name="auto" select="$auto"/>
              <xsl:with-param name="hint" select="$hint"/>
            </xsl:call-template>
            <xsl:value-of select="$value"/>
          </textarea>
        </xsl:when>
        <xsl:otherwise>
          <input id="f-{$name}" name="{$name}" type="{$type}" value="{$value}">
            <xsl:call-template name="form-field-attrs">
              <xsl:with-param name="name" select="$name"/>
              <xsl:with-param name="err" select="$err"/>
              <xsl:with-param name="required" select="$required"/>
              <xsl:with-param name="max" select="$max"/>
              <xsl:with-param name="auto" select="$auto"/>
              <xsl:with-param name="hint" select="$hint"/>
            </xsl:call-template>
            <xsl:if test="$min-date != ''"><xsl:attribute name="min"><xsl:value-of select="$min-date"/></xsl:attribute></xsl:if>
            <xsl:if test="$max-date != ''"><xsl:attribute name="max"><xsl:value-of select="$max-date"/></xsl:attribute></xsl:if>
          </input>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:if test="$hint != ''">
        <p class="hint" id="hint-{$name}"><xsl:value-of select="$hint"/></p>
      </xsl:if>
      <xsl:apply-templates select="$err" mode="field-error"/>
    </div>
  </xsl:template>

  <!-- The attributes every kind of field shares. -->
  <xsl:template name="form-field-attrs">
    <xsl:param name="name"/>
    <xsl:param name="err"/>
    <xsl:param name="required"/>
    <xsl:param name="max"/>
    <xsl:param name="auto"/>
    <xsl:param name="hint"/>
    <xsl:if test="$required = 1"><xsl:attribute name="required">required</xsl:attribute></xsl:if>
    <xsl:if test="$max != ''"><xsl:attribute name="maxlength"><xsl:value-of select="$max"/></xsl:attribute></xsl:if>
    <xsl:if test="$auto != ''"><xsl:attribute name="autocomplete"><xsl:value-of select="$auto"/></xsl:attribute></xsl:if>
    <xsl:if test="$err">
      <xsl:attribute name="aria-invalid">true</xsl:attribute>
    </xsl:if>
    <xsl:if test="$err or $hint != ''">
      <xsl:attribute name="aria-describedby">
        <xsl:if test="$err">err-<xsl:value-of select="$name"/></xsl:if>
        <xsl:if test="$err and $hint != ''"><xsl:text> </xsl:text></xsl:if>
        <xsl:if test="$hint != ''">hint-<xsl:value-of select="$name"/></xsl:if>
      </xsl:attribute>
    </xsl:if>
  </xsl:template>

  <!-- A mistake, next to its field. -->
  <xsl:template match="error" mode="field-error">
    <p class="field-error" id="err-{@field}" data-error="{@key}" data-field="{@field}">
      <xsl:value-of select="rp:t(@key)"/>
    </p>
  </xsl:template>

  <!-- The summary above a form with mistakes: a list of links to the fields. -->
  <xsl:template name="error-summary">
    <xsl:param name="errors" select="/.."/>
    <xsl:if test="$errors">
      <div class="form-error error-summary" role="alert" data-flash="error">
        <p><strong><xsl:value-of select="rp:t('form.has_errors')"/></strong></p>
        <ul>
          <xsl:for-each select="$errors">
            <li><a href="#f-{@field}"><xsl:value-of select="rp:t(@key)"/></a></li>
          </xsl:for-each>
        </ul>
      </div>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
