package io.listguard.domain;

/** How much a finding weighs: only BLOCKING findings change the decision. */
public enum Severity { BLOCKING, WARNING, INFO }
