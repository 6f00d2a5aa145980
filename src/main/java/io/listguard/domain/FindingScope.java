package io.listguard.domain;

/** What a finding is about: the campaign as planned, or the rented file. */
public enum FindingScope { CAMPAIGN, FILE }
