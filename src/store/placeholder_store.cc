namespace tdm {}
