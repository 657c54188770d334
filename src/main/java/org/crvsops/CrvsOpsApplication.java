package org.crvsops;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CrvsOpsApplication {
  public static void main(String[] args) {
    SpringApplication.run(CrvsOpsApplication.class, args);
  }
}
