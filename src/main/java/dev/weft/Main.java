package dev.weft;
public final class Main { public static void main(String[] a) {} }
