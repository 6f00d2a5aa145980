package io.listguard.config;

import io.listguard.files.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The data directory ({@code listguard.data-dir}) is private to the service: created 0700 before any bean writes
 * there (the generated keys, the H2 database, bulk jobs), and once the service is ready everything under it is made
 * private (directories 0700, files 0600): the H2 database's files, which H2 creates with the process's umask, and
 * what an earlier release left. Writers use {@link DataFiles} to create their files private from the start.
 */
@Component
class DataDirectory implements BeanFactoryPostProcessor, EnvironmentAware, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

    private Path dataDir;

    @Override
    public void setEnvironment(Environment environment) {
        dataDir = Path.of(environment.getProperty("listguard.data-dir", "./data"));
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        try {
            DataFiles.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir.toAbsolutePath() + " (listguard.data-dir)", e);
        }
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        try {
            DataFiles.secureTree(dataDir);
        } catch (IOException e) {
            log.warn("could not make everything under {} private (0700/0600): {}", dataDir.toAbsolutePath(), e.toString());
        }
    }
}
