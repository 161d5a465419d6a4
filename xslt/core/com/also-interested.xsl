<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/also-interested.xsl: on a candidate's page, the same person's other
  EOIs in the organisation ("also interested in ...", by email) and the
  answer to the vacancy's right-to-work question.
  Template "also-interested", context: a <candidate right-to-work="yes|no">
  with <also><eoi candidate= status= vacancy= link="1">Title</eoi></also>.
  Writes nothing when there is neither.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="also-interested">
    <xsl:if test="@right-to-work">
      <p class="rtw" data-right-to-work="{@right-to-work}">
        <strong><xsl:value-of select="rp:t('cand.rtw')"/></strong>
        <xsl:text> </xsl:text>
        <xsl:value-of select="rp:t(concat('apply.', @right-to-work))"/>
      </p>
    </xsl:if>
    <xsl:if test="also/eoi">
      <section class="also" aria-labelledby="also-h">
        <h2 id="also-h"><xsl:value-of select="rp:t('cand.also')"/></h2>
        <ul>
          <xsl:for-each select="also/eoi">
            <li data-also="{@candidate}">
              <xsl:choose>
                <xsl:when test="@link = '1'">
                  <a href="{$base}/candidates/{@candidate}"><xsl:value-of select="."/></a>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
              </xsl:choose>
              <xsl:text> – </xsl:text>
              <span class="status status-{@status}"><xsl:value-of select="rp:t(concat('status.', @status))"/></span>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
