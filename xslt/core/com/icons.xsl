<?xml version="1.0" encoding="UTF-8"?>
<!--
  com/icons.xsl: small inline SVG icons.
  Takes nothing; call by name ("icon-card", "icon-flag").  The icons are
  decorative (aria-hidden): always put a text label next to them, visible
  or in <span class="sr-only">.  They draw in currentColor.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">

  <!-- A contact card. -->
  <xsl:template name="icon-card">
    <svg xmlns="http://www.w3.org/2000/svg" class="icon" viewBox="0 0 24 24"
         width="20" height="20" aria-hidden="true">
      <rect x="2.5" y="4.5" width="19" height="15" rx="2" fill="none" stroke="currentColor" stroke-width="1.8"/>
      <circle cx="8.5" cy="10.5" r="2.3" fill="currentColor"/>
      <path d="M5 16.5c.6-2 2-3 3.5-3s2.9 1 3.5 3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
      <path d="M14.5 9.5h4.5M14.5 13h4.5" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/>
    </svg>
  </xsl:template>

  <!-- A flag (overdue). -->
  <xsl:template name="icon-flag">
    <svg xmlns="http://www.w3.org/2000/svg" class="icon" viewBox="0 0 24 24"
         width="16" height="16" aria-hidden="true">
      <path d="M5 21V4" stroke="currentColor" stroke-width="2" stroke-linecap="round"/>
      <path d="M5 4h11l-2.5 4L16 12H5z" fill="currentColor"/>
    </svg>
  </xsl:template>

</xsl:stylesheet>
