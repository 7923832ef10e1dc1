# Reference values from R's survey package (Lumley) on its own example data, the `api`
# samples of California schools (apisrs, apistrat, apiclus1, apiclus2), for barorapport's
# design-based estimates (tests/stats/test_design_reference.py).
#
#   Rscript tests/reference/survey/make_reference.R tests/reference/survey [designs]
#
# writes into that folder the samples as survey exports (api*.csv: the columns the tests
# use, the derived questions, the replicate weights R makes) and every value R computes
# (reference.csv, replicates.json); with a comma-separated list of designs, only theirs.
# Debian: apt-get install r-base-core r-cran-survey r-cran-jsonlite. The tests re-run it
# for a few designs (test_r_reproduces_the_committed_reference): the committed values are
# what this R computes.

suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args)) args[1] else "."
only <- if (length(args) > 1) strsplit(args[2], ",")[[1]] else NULL
options(survey.lonely.psu = "fail", warn = 1)
data(api)

yes_no <- function(x) as.character(x)
band <- function(x, cuts) {
  code <- as.character(findInterval(x, cuts) + 1)
  code[is.na(x)] <- NA
  code
}

# A sample as a survey export: one row per school, answers as codes, design columns.
export <- function(data) {
  frame <- data.frame(
    id = as.character(data$cds), stype = as.character(data$stype),
    sch_wide = yes_no(data$sch.wide), awards = yes_no(data$awards),
    comp_imp = yes_no(data$comp.imp), yr_rnd = yes_no(data$yr.rnd),
    meals_band = band(data$meals, c(25, 50, 75)),
    size_band = band(data$acs.k3, c(19, 21)),
    api00 = data$api00, enroll = data$enroll, acs_46 = data$acs.46,
    stringsAsFactors = FALSE)
  # A multiple-choice question asked of the schools that are not year-round only: which
  # targets they met (the share of mentions is a ratio with schools as clusters).
  asked <- data$yr.rnd == "No"
  for (target in c("sch_wide", "comp_imp", "both")) {
    column <- gsub("_", ".", target)
    ticks <- as.integer(data[[column]] == "Yes")
    ticks[!asked] <- NA
    frame[[paste0("targets_", target)]] <- ticks
  }
  frame$dnum <- data$dnum
  frame$snum <- data$snum
  frame$pw <- data$pw
  for (column in c("fpc", "fpc1", "fpc2")) {
    if (!is.null(data[[column]])) frame[[column]] <- as.vector(data[[column]])
  }
  frame
}

srs <- export(apisrs)
strat <- export(apistrat)
clus1 <- export(apiclus1)
clus2 <- export(apiclus2)
# Pseudo-strata for the replicate methods that need them: clus1's 15 districts in 3 strata
# of 5 (JKn), clus2's 40 districts in 20 pairs (BRR, Fay).
districts1 <- sort(unique(clus1$dnum))
clus1$pstrat <- as.character(ceiling(match(clus1$dnum, districts1) / 5))
districts2 <- sort(unique(clus2$dnum))
clus2$pair <- as.character(ceiling(match(clus2$dnum, districts2) / 2))

# Replicate weights as R makes them, written into the exports as full (combined) weights,
# and the replicate designs rebuilt from those columns as a user declares them.
set.seed(2020)
replicates <- list(
  jk1 = list(from = svydesign(id = ~dnum, weights = ~pw, data = clus1), type = "JK1",
             sample = "clus1"),
  boot = list(from = svydesign(id = ~dnum, weights = ~pw, data = clus1), type = "bootstrap",
              sample = "clus1", replicates = 50),
  jkn = list(from = svydesign(id = ~dnum, strata = ~pstrat, weights = ~pw, data = clus1),
             type = "JKn", sample = "clus1"),
  brr = list(from = svydesign(id = ~dnum, strata = ~pair, weights = ~pw, data = clus2),
             type = "BRR", sample = "clus2"),
  fay = list(from = svydesign(id = ~dnum, strata = ~pair, weights = ~pw, data = clus2),
             type = "Fay", sample = "clus2", rho = 0.3)
)
samples <- list(srs = srs, strat = strat, clus1 = clus1, clus2 = clus2)
settings <- list()
for (name in names(replicates)) {
  spec <- replicates[[name]]
  made <- switch(spec$type,
    bootstrap = as.svrepdesign(spec$from, type = "bootstrap", replicates = spec$replicates),
    Fay = as.svrepdesign(spec$from, type = "Fay", fay.rho = spec$rho),
    as.svrepdesign(spec$from, type = spec$type))
  weights <- weights(made, "analysis")
  columns <- sprintf("%s_%02d", name, seq_len(ncol(weights)))
  sample <- samples[[spec$sample]]
  for (r in seq_len(ncol(weights))) sample[[columns[r]]] <- weights[, r]
  samples[[spec$sample]] <- sample
  rscales <- if (spec$type == "JKn") made$rscales else NULL
  settings[[name]] <- list(sample = spec$sample, method = spec$type, columns = columns,
                           scale = made$scale, rscales = rscales, rho = spec$rho)
}
# Written, then read back: R computes from exactly the numbers the tests read.
codes <- c("id", "stype", "sch_wide", "awards", "comp_imp", "yr_rnd", "meals_band",
           "size_band", "pstrat", "pair")
for (name in names(samples)) {
  path <- file.path(out, paste0("api", name, ".csv"))
  sample <- samples[[name]]
  numbers <- vapply(sample, is.double, logical(1))
  sample[numbers] <- lapply(sample[numbers], signif, digits = 10)
  write.csv(sample, path, row.names = FALSE, na = "")
  header <- names(read.csv(path, nrows = 1))
  classes <- ifelse(header %in% codes, "character", NA)
  samples[[name]] <- read.csv(path, colClasses = classes, na.strings = "")
}
designs <- list(
  srs = svydesign(id = ~1, data = samples$srs),
  weighted = svydesign(id = ~1, weights = ~pw, data = samples$strat),
  strat = svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc,
                    data = samples$strat),
  strat_nofpc = svydesign(id = ~1, strata = ~stype, weights = ~pw, data = samples$strat),
  clus1 = svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = samples$clus1),
  clus1_nofpc = svydesign(id = ~dnum, weights = ~pw, data = samples$clus1),
  clus1_strat = svydesign(id = ~dnum, strata = ~pstrat, weights = ~pw,
                          data = samples$clus1),
  clus2 = svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, weights = ~pw,
                    data = samples$clus2),
  clus2_nofpc = svydesign(id = ~dnum + snum, weights = ~pw, data = samples$clus2)
)
for (name in names(settings)) {
  setting <- settings[[name]]
  data <- samples[[setting$sample]]
  designs[[name]] <- svrepdesign(
    data = data, repweights = data[, setting$columns], weights = ~pw,
    type = setting$method, scale = if (setting$method == "BRR") NULL else setting$scale,
    rscales = setting$rscales, rho = setting$rho, combined.weights = TRUE)
}

singles <- c("stype", "sch_wide", "awards", "comp_imp", "meals_band", "size_band")
banners <- c("stype", "awards")
numerics <- c("api00", "enroll", "acs_46")
targets <- c("targets_sch_wide", "targets_comp_imp", "targets_both")

rows <- list()
add <- function(...) rows[[length(rows) + 1]] <<- list(...)
with_variables <- function(design, name, values) {
  design$variables[[name]] <- values
  design
}

# A share among the design's rows: estimate, standard error, design effect (with
# replacement), and the intervals of svyciprop (Korn and Graubard's beta, logit); the
# Wilson interval on the effective base n / deff is written out here (R has none).
share <- function(design, indicator) {
  design <- with_variables(design, ".y", as.numeric(indicator))
  m <- svymean(~.y, design, deff = "replace")
  estimate <- unname(coef(m)); se <- unname(SE(m)); deff <- unname(deff(m))
  n <- nrow(design)
  beta <- suppressWarnings(as.vector(attr(svyciprop(~.y, design, method = "beta"), "ci")))
  logit <- suppressWarnings(as.vector(attr(svyciprop(~.y, design, method = "logit"), "ci")))
  z <- qnorm(0.975); n_eff <- n / deff
  centre <- (estimate + z^2 / (2 * n_eff)) / (1 + z^2 / n_eff)
  half <- z * sqrt(estimate * (1 - estimate) / n_eff + z^2 / (4 * n_eff^2)) / (1 + z^2 / n_eff)
  list(estimate = estimate, se = se, deff = deff, n = n, df = degf(design),
       beta_low = beta[1], beta_high = beta[2], logit_low = logit[1], logit_high = logit[2],
       wilson_low = centre - half, wilson_high = centre + half)
}

for (design_name in if (is.null(only)) names(designs) else only) {
  design <- designs[[design_name]]
  vars <- design$variables
  for (question in singles) {
    answered <- subset(design, !is.na(vars[[question]]))
    levels <- sort(unique(na.omit(vars[[question]])))
    for (level in levels) {
      values <- share(answered, answered$variables[[question]] == level)
      do.call(add, c(list(design = design_name, kind = "share", question = question,
                          option = level), values))
    }
    for (banner in setdiff(banners, question)) {
      both <- subset(design, !is.na(vars[[question]]) & !is.na(vars[[banner]]))
      columns <- sort(unique(both$variables[[banner]]))
      if (length(columns) < 2) next  # one column: nothing to cross (no test either)
      for (column in columns) {
        domain <- subset(both, both$variables[[banner]] == column)
        for (level in levels) {
          values <- share(domain, domain$variables[[question]] == level)
          do.call(add, c(list(design = design_name, kind = "domain_share",
                              question = question, option = level, banner = banner,
                              banner_option = column), values))
          # The cell against the rest of its row: the column's share minus the other
          # columns' share, each a domain of the same design (svyby, svycontrast).
          inside <- with_variables(both, ".inside", both$variables[[banner]] == column)
          inside <- with_variables(inside, ".y",
                                   as.numeric(inside$variables[[question]] == level))
          by <- svyby(~.y, ~.inside, inside, svymean, covmat = TRUE)
          difference <- svycontrast(by, c(-1, 1))
          z <- unname(coef(difference) / SE(difference))
          add(design = design_name, kind = "cell_test", question = question, option = level,
              banner = banner, banner_option = column, difference = unname(coef(difference)),
              se = unname(SE(difference)), z = z, p = 2 * pnorm(-abs(z)))
        }
      }
      test <- suppressWarnings(svychisq(as.formula(paste0("~", question, "+", banner)), both,
                                        statistic = "F"))
      add(design = design_name, kind = "rao_scott", question = question, banner = banner,
          statistic = unname(test$statistic), ndf = unname(test$parameter[1]),
          ddf = unname(test$parameter[2]), p = unname(test$p.value))
    }
  }
  for (question in numerics) {
    answered <- subset(design, !is.na(vars[[question]]))
    mean_of <- function(part) {
      m <- svymean(as.formula(paste0("~", question)), part, deff = "replace")
      interval <- confint(m, df = degf(part))
      list(estimate = unname(coef(m)), se = unname(SE(m)), deff = unname(deff(m)),
           n = nrow(part), df = degf(part), t_low = interval[1], t_high = interval[2])
    }
    do.call(add, c(list(design = design_name, kind = "mean", question = question),
                   mean_of(answered)))
    for (banner in banners) {
      for (column in sort(unique(answered$variables[[banner]]))) {
        domain <- subset(answered, answered$variables[[banner]] == column)
        do.call(add, c(list(design = design_name, kind = "domain_mean", question = question,
                            banner = banner, banner_option = column), mean_of(domain)))
      }
    }
  }
  answered <- subset(design, !is.na(vars$targets_both))
  answered <- with_variables(answered, ".ticks", rowSums(answered$variables[, targets]))
  for (target in targets) {
    ratio <- svyratio(as.formula(paste0("~", target)), ~.ticks, answered)
    add(design = design_name, kind = "mentions", question = "targets",
        option = sub("targets_", "", target), estimate = unname(coef(ratio)),
        se = unname(SE(ratio)), n = nrow(answered))
  }
}

# One row per value, the columns a kind of value has (the others empty); 15 significant
# digits. The replicate settings (scale, rscales, rho) go beside, as a user declares them.
fields <- unique(unlist(lapply(rows, names)))
table <- do.call(rbind, lapply(rows, function(row) {
  values <- lapply(fields, function(field) {
    value <- row[[field]]
    if (is.null(value)) NA else if (is.numeric(value)) format(as.vector(value), digits = 15)
    else as.character(value)
  })
  as.data.frame(setNames(values, fields), stringsAsFactors = FALSE)
}))
write.csv(table, file.path(out, "reference.csv"), row.names = FALSE, na = "")
writeLines(toJSON(list(r_version = R.version.string,
                       survey_version = as.character(packageVersion("survey")),
                       replicates = settings),
                  digits = NA, auto_unbox = TRUE, pretty = TRUE),
           file.path(out, "replicates.json"))
cat(nrow(table), "reference values written to", out, "\n")
