<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/icons.xsl: small SVG icons.
  The layout writes the sprite ("icon-sprite", once per page); "icon-card",
  "icon-flag" and "icon-undo" then draw an icon by reference.  The icons are
  decorative (aria-hidden): always put a text label next to them, visible
  or in <span class="sr-only">.  They draw in currentColor.  To change an
  icon, override "icon-sprite" in site/branding.xsl.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <xsl:template name="icon-sprite">
    <svg xmlns="http://www.w3.org/2000/svg" class="sprite" width="0" height="0" aria-hidden="true">
      <symbol id="i-card" viewBox="0 0 24 24">
        <rect x="2.5" y="4.5" width="19" height="15" rx="2" fill="none" stroke="currentColor" stroke-width="1.8"/>
        <circle cx="8.5" cy="10.5" r="2.3" fill="currentColor"/>
        <path d="M5 16.5c.6-2 2-3 3.5-3s2.9 1 3.5 3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
        <path d="M14.5 9.5h4.5M14.5 13h4.5" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
      </symbol>
      <symbol id="i-flag" viewBox="0 0 24 24">
        <path d="M5 21V4" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
        <path d="M5 4h11l-2.5 4L16 12H5z" fill="currentColor"/>
      </symbol>
      <symbol id="i-undo" viewBox="0 0 24 24">
        <path d="M9 14 4 9l5-5" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
        <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
      </symbol>
    </svg>
  </xsl:template>

  <!-- A contact card. -->
  <xsl:template name="icon-card">
    <svg xmlns="http://www.w3.org/2000/svg" class="icon" width="20" height="20" aria-hidden="true"><use href="#i-card"/></svg>
  </xsl:template>

  <!-- A curved arrow back (undo). -->
  <xsl:template name="icon-undo">
    <svg xmlns="http://www.w3.org/2000/svg" class="icon" width="18" height="18" aria-hidden="true"><use href="#i-undo"/></svg>
  </xsl:template>

  <!-- A flag (overdue, due now). -->
  <xsl:template name="icon-flag">
    <svg xmlns="http://www.w3.org/2000/svg" class="icon" width="16" height="16" aria-hidden="true"><use href="#i-flag"/></svg>
  </xsl:template>

</xsl:stylesheet>
