<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/delete-candidate.xsl: deleting a candidate, with a confirmation.
  Template "delete-candidate", context: a <candidate id=>.  A closed
  <details> holds one POST form to {$base}/candidates/{id}/delete with
  csrf, a required reason (test_entry, duplicate, other: labels
  cand.delete.reason.KEY) and an optional note; nothing happens until
  its button is pressed.  Works without JavaScript.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="delete-candidate">
    <details class="danger-zone" data-delete="{@id}">
      <summary><xsl:value-of select="rp:t('cand.delete.open')"/></summary>
      <form method="post" action="{$base}/candidates/{@id}/delete">
        <input type="hidden" name="csrf" value="{$csrf}"/>
        <input type="hidden" name="version" value="{@version}"/>
        <p><xsl:value-of select="rp:t('cand.delete.warning')"/></p>
        <fieldset class="checks">
          <legend><xsl:value-of select="rp:t('cand.delete.reason')"/></legend>
          <xsl:call-template name="delete-reason"><xsl:with-param name="key" select="'test_entry'"/></xsl:call-template>
          <xsl:call-template name="delete-reason"><xsl:with-param name="key" select="'duplicate'"/></xsl:call-template>
          <xsl:call-template name="delete-reason"><xsl:with-param name="key" select="'other'"/></xsl:call-template>
        </fieldset>
        <div class="field">
          <label for="delete-note"><xsl:value-of select="rp:t('cand.delete.note')"/></label>
          <textarea id="delete-note" name="note" rows="2" maxlength="500"></textarea>
        </div>
        <div class="actions">
          <button type="submit" class="btn btn-danger"><xsl:value-of select="rp:t('cand.delete.submit')"/></button>
        </div>
      </form>
    </details>
  </xsl:template>

  <xsl:template name="delete-reason">
    <xsl:param name="key"/>
    <div class="check">
      <input type="radio" id="delete-{$key}" name="reason" value="{$key}" required="required"/>
      <label for="delete-{$key}"><xsl:value-of select="rp:t(concat('cand.delete.reason.', $key))"/></label>
    </div>
  </xsl:template>

</xsl:stylesheet>
