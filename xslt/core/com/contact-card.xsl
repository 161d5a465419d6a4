<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/contact-card.xsl: a candidate's contact details (the open card).
  Template "contact-card", context: a <candidate> with <contact><phone/>
  <email/><postcode/></contact>.  Phone as a tel: link, email as mailto:,
  a link that closes the card (the list URL without card=, $row-url of
  com/candidate-list.xsl) unless param closable is 0 (a candidate's own
  page).
  Works without JavaScript.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:rp="urn:refportal"
    exclude-result-prefixes="rp">

  <xsl:template name="contact-card">
    <!-- 0 on a candidate's own page: no link back to the list. -->
    <xsl:param name="closable" select="1"/>
    <xsl:variable name="c" select="contact"/>
    <section class="contact-card" id="card-{@id}" aria-labelledby="card-h-{@id}">
      <h2 id="card-h-{@id}">
        <xsl:call-template name="icon-card"/>
        <xsl:text> </xsl:text>
        <xsl:call-template name="t">
          <xsl:with-param name="key" select="'card.title'"/>
          <xsl:with-param name="name" select="name"/>
        </xsl:call-template>
      </h2>
      <dl>
        <dt><xsl:value-of select="rp:t('card.phone')"/></dt>
        <dd>
          <xsl:variable name="digits" select="translate($c/phone, translate($c/phone, '+0123456789', ''), '')"/>
          <xsl:choose>
            <xsl:when test="$digits != ''">
              <a href="tel:{$digits}"><xsl:value-of select="$c/phone"/></a>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="rp:t('card.none')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <dt><xsl:value-of select="rp:t('card.email')"/></dt>
        <dd>
          <xsl:call-template name="mail-link"><xsl:with-param name="address" select="$c/email"/></xsl:call-template>
        </dd>
        <dt><xsl:value-of select="rp:t('card.postcode')"/></dt>
        <dd>
          <xsl:choose>
            <xsl:when test="normalize-space($c/postcode) != ''"><xsl:value-of select="$c/postcode"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="rp:t('card.none')"/></xsl:otherwise>
          </xsl:choose>
        </dd>
        <xsl:if test="$c/distance">
          <dt><xsl:value-of select="rp:t('card.distance')"/></dt>
          <dd><xsl:value-of select="$c/distance"/></dd>
        </xsl:if>
      </dl>
      <p class="hint"><xsl:value-of select="rp:t('card.hint')"/></p>
      <xsl:if test="$closable = 1">
        <p>
          <a class="card-close">
            <xsl:attribute name="href">
              <xsl:value-of select="concat($row-url, '#c', @id)"/>
            </xsl:attribute>
            <xsl:value-of select="rp:t('card.close')"/>
          </a>
        </p>
      </xsl:if>
    </section>
  </xsl:template>

  <!-- An email address as a mailto: link; as text when it holds a
       character that would add to the link (?, &, %, # : a Cc, a body),
       which the forms refuse but an older row may hold; "none" when
       empty.  Also the referrer's page. -->
  <xsl:template name="mail-link">
    <xsl:param name="address"/>
    <xsl:variable name="a" select="normalize-space($address)"/>
    <xsl:choose>
      <xsl:when test="$a != '' and translate($a, '?&amp;%#', '') = $a">
        <a href="mailto:{$a}"><xsl:value-of select="$address"/></a>
      </xsl:when>
      <xsl:when test="$a != ''"><xsl:value-of select="$address"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="rp:t('card.none')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
